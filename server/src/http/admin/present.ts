import { DEFAULT_SETTINGS, issuerOf } from '../../domain/tenants/tenant-defaults.js';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import type { UserRow } from '../../persistence/entities/user.js';

/** The admin API's JSON of each row: wire names, ISO times, and nothing secret. */
export function presentTenant(tenant: TenantRow, publicUrl: string) {
  return {
    slug: tenant.slug,
    displayName: tenant.displayName,
    region: tenant.region,
    status: tenant.status,
    allowedDomains: tenant.allowedDomains,
    branding: tenant.branding,
    // Settings added since a tenant was stored show their defaults.
    settings: { ...DEFAULT_SETTINGS, ...tenant.settings },
    issuer: issuerOf(publicUrl, tenant.slug),
    createdAt: iso(tenant.createdAt),
    updatedAt: iso(tenant.updatedAt),
    purgeAfter: tenant.purgeAfter ? iso(tenant.purgeAfter) : null,
  };
}

export function presentClient(client: OAuthClientRow, tenantSlug: string) {
  return {
    clientId: client.clientId,
    tenant: tenantSlug,
    name: client.name,
    type: client.type,
    redirectUris: client.redirectUris,
    postLogoutRedirectUris: client.postLogoutRedirectUris,
    grantTypes: client.grantTypes,
    scopes: client.scopes,
    accessTokenTtl: client.accessTokenTtl,
    refreshTokenTtl: client.refreshTokenTtl,
    idTokenTtl: client.idTokenTtl,
    firstParty: client.firstParty,
    createdAt: iso(client.createdAt),
    updatedAt: iso(client.updatedAt),
  };
}

export function presentUser(user: UserRow, tenantSlug: string) {
  return {
    id: user.id,
    tenant: tenantSlug,
    email: user.email,
    emailVerified: user.emailVerified,
    givenName: user.givenName,
    familyName: user.familyName,
    locale: user.locale,
    status: user.status,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
    lastLoginAt: user.lastLoginAt ? iso(user.lastLoginAt) : null,
  };
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}
