import { EntitySchema } from '@mikro-orm/core';

export interface TenantBranding {
  name: string | null;
  logoUrl: string | null;
  primaryColor: string | null;
}

/** Tenant-scoped settings; policy, MFA and session work extend this object. */
export interface TenantSettings {
  signupEnabled: boolean;
  requireEmailVerification: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** End the refresh tokens issued under a session when that session signs out. */
  revokeRefreshTokensOnLogout: boolean;
  /** RFC 8707: the audiences a token may be issued for, on request (`resource`). */
  resourceIndicators?: string[];
  /** The audience of a token asked for without `resource`; null means the issuer. */
  defaultAudience?: string | null;
  [key: string]: unknown;
}

export type TenantStatus = 'active' | 'deleting';

export interface TenantRow {
  id: string;
  slug: string;
  displayName: string;
  region: string;
  status: TenantStatus;
  allowedDomains: string[];
  branding: TenantBranding;
  settings: TenantSettings;
  createdAt: Date;
  updatedAt: Date;
  purgeAfter: Date | null;
}

export const TenantSchema = new EntitySchema<TenantRow>({
  name: 'Tenant',
  tableName: 'tenants',
  properties: {
    id: { type: 'uuid', primary: true },
    slug: { type: 'string', length: 63, unique: true },
    displayName: { type: 'string', length: 200 },
    region: { type: 'string', length: 64 },
    status: { type: 'string', length: 16 },
    allowedDomains: { type: 'json' },
    branding: { type: 'json' },
    settings: { type: 'json' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    purgeAfter: { type: 'datetime', nullable: true },
  },
});
