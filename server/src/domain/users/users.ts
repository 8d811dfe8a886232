import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import { type UserRow, UserSchema, type UserStatus } from '../../persistence/entities/user.js';
import { DomainError } from '../errors.js';
import { normalizeEmail } from './email.js';
import { type PasswordHasher, validatePassword } from './passwords.js';

export interface NewUser {
  email: string;
  password?: string;
  /** An argon2id hash computed before the transaction (sign-up hashes on both of its paths). */
  passwordHash?: string;
  emailVerified?: boolean;
  givenName?: string | null;
  familyName?: string | null;
  locale?: string | null;
  status?: UserStatus;
}

/**
 * Inserts a user in the caller's transaction and records `user.created`. The email is
 * normalised here, whoever calls; a duplicate (case-insensitively) is `user.email_taken`.
 */
export async function insertUser(
  em: EntityManager,
  passwords: PasswordHasher,
  tenant: { id: string; slug: string },
  input: NewUser,
  actor: EventActor,
): Promise<UserRow> {
  const { email, emailKey } = normalizeEmail(input.email);
  const passwordHash =
    input.passwordHash ??
    (input.password === undefined ? null : await passwords.hash(validatePassword(input.password)));
  const now = new Date();
  const user: UserRow = {
    id: randomUUID(),
    tenantId: tenant.id,
    email,
    emailKey,
    emailVerified: input.emailVerified ?? false,
    passwordHash,
    givenName: input.givenName ?? null,
    familyName: input.familyName ?? null,
    locale: input.locale ?? null,
    status: input.status ?? 'active',
    createdAt: now,
    updatedAt: now,
    lastLoginAt: null,
    passwordChangedAt: passwordHash ? now : null,
  };
  try {
    await em.insert(UserSchema, user);
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw DomainError.conflict(
        'user.email_taken',
        'A user with this email already exists.',
        'email',
      );
    }
    throw error;
  }
  await recordEvent(em, {
    type: 'user.created',
    tenant: tenant.slug,
    actor,
    data: { userId: user.id, emailVerified: user.emailVerified },
  });
  return user;
}

/** Looks a user up by email within one tenant, with the same normalisation as sign-up. */
export async function findUserByEmail(
  em: EntityManager,
  tenantId: string,
  rawEmail: string,
): Promise<UserRow | null> {
  const { emailKey } = normalizeEmail(rawEmail);
  return em.findOne(UserSchema, { tenantId, emailKey });
}

export async function findUserById(
  em: EntityManager,
  tenantId: string,
  id: string,
): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return em.findOne(UserSchema, { tenantId, id });
}
