import type { EntityManager } from '../../persistence/database.js';
import { type OAuthClientRow, OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import { DomainError } from '../errors.js';
import { ADMIN_SCOPES } from '../tenants/admin-scopes.js';
import { SYSTEM_TENANT } from '../tenants/tenant-defaults.js';

/** The admin scopes a caller holds; only system-tenant writes consult it. */
export type CallerScopes = ReadonlySet<string>;

type Scoped = Pick<OAuthClientRow, 'scopes'>;

export function isSystemTenant(tenant: { slug: string }): boolean {
  return tenant.slug === SYSTEM_TENANT;
}

/**
 * A system-tenant client is an admin credential: whoever may write it could otherwise mint an
 * admin stronger than themselves (grant `tenants:write`, or rotate a full admin's secret and
 * read the new one). So the caller must hold every admin scope the client has before and after
 * the change. Missing scopes are named: `auth.insufficient_scope`, 403.
 */
export function assertCallerOutranks(
  caller: CallerScopes,
  before: Scoped | null,
  after: Scoped | null,
): void {
  const wanted = new Set([...adminScopesOf(before), ...adminScopesOf(after)]);
  const missing = [...wanted].filter((scope) => !caller.has(scope));
  if (missing.length === 0) return;
  throw new DomainError(
    'forbidden',
    'auth.insufficient_scope',
    `A system-tenant client may only hold admin scopes you hold yourself; you lack: ${missing.join(' ')}.`,
  );
}

/**
 * Refuses to delete or demote the last full admin, leaving the system tenant without a client holding every admin scope: the bootstrap
 * only generates one when the tenant has no client at all, so losing the last full admin would
 * lock operators out of tenant management until someone edits the database.
 */
export async function assertKeepsFullAdmin(
  em: EntityManager,
  tenantId: string,
  before: OAuthClientRow,
  after: OAuthClientRow | null,
): Promise<void> {
  if (!isFullAdmin(before) || (after && isFullAdmin(after))) return;
  const clients = await em.find(OAuthClientSchema, { tenantId });
  const others = clients.filter((c) => c.id !== before.id && isFullAdmin(c));
  if (others.length > 0) return;
  throw DomainError.conflict(
    'client.last_admin',
    'This is the last system client holding every admin scope; create another one first.',
  );
}

function isFullAdmin(client: Pick<OAuthClientRow, 'scopes' | 'grantTypes'>): boolean {
  return (
    client.grantTypes.includes('client_credentials') &&
    ADMIN_SCOPES.every((scope) => client.scopes.includes(scope))
  );
}

function adminScopesOf(client: Scoped | null): string[] {
  const admin: readonly string[] = ADMIN_SCOPES;
  return client ? client.scopes.filter((scope) => admin.includes(scope)) : [];
}
