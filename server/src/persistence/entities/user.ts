import { EntitySchema } from '@mikro-orm/core';

export type UserStatus = 'active' | 'disabled' | 'pending_verification';

export interface UserRow {
  id: string;
  tenantId: string;
  /** As the user typed it, normalised (trimmed, NFC, domain lower-cased). */
  email: string;
  /** Lower-cased normalised email: the uniqueness and lookup key within a tenant. */
  emailKey: string;
  emailVerified: boolean;
  /** argon2id PHC string; null for users without a password (invited, federated). */
  passwordHash: string | null;
  givenName: string | null;
  familyName: string | null;
  locale: string | null;
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  /** Moves forward when the password changes; sessions and resets older than it are dead. */
  passwordChangedAt: Date | null;
}

export const UserSchema = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    email: { type: 'string', length: 320 },
    emailKey: { type: 'string', length: 320 },
    emailVerified: { type: 'boolean' },
    passwordHash: { type: 'string', length: 200, nullable: true },
    givenName: { type: 'string', length: 200, nullable: true },
    familyName: { type: 'string', length: 200, nullable: true },
    locale: { type: 'string', length: 35, nullable: true },
    status: { type: 'string', length: 32 },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    lastLoginAt: { type: 'datetime', nullable: true },
    passwordChangedAt: { type: 'datetime', nullable: true },
  },
});
