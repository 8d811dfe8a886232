import type { TenantBranding, TenantSettings } from '../../persistence/entities/tenant.js';

/** The tenant that owns admin clients; its tokens authorise the admin API. */
export const SYSTEM_TENANT = 'system';

export const DEFAULT_SETTINGS: TenantSettings = {
  signupEnabled: true,
  requireEmailVerification: true,
  sessionIdleMinutes: 60,
  sessionAbsoluteHours: 24,
  revokeRefreshTokensOnLogout: true,
  resourceIndicators: [],
  defaultAudience: null,
};

export const DEFAULT_BRANDING: TenantBranding = { name: null, logoUrl: null, primaryColor: null };

/** Every tenant is its own issuer. */
export function issuerOf(publicUrl: string, slug: string): string {
  return `${publicUrl}/t/${slug}`;
}
