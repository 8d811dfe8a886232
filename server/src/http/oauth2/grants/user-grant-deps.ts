import type { SecretHasher } from '../../../domain/crypto/secret-hash.js';
import type { Directory } from '../../../domain/directory.js';
import { findUserById } from '../../../domain/users/users.js';
import type { Database, EntityManager } from '../../../persistence/database.js';
import type { TenantRow } from '../../../persistence/entities/tenant.js';
import { tokenError } from '../errors.js';

/** What the authorization_code and refresh_token grants need. */
export interface UserGrantDeps {
  db: Database;
  directory: Directory;
  hasher: SecretHasher;
  publicUrl: string;
}

/** The tenant and its keys for an authenticated client; their absence is a server fault. */
export async function loadTenantAndKeys(directory: Directory, tenantId: string) {
  const tenant = await directory.tenantById(tenantId);
  const keys = tenant ? await directory.tenantKeys(tenant.id) : null;
  if (!tenant || !keys)
    throw new Error('tenant or signing key missing for an authenticated client');
  return { tenant, keys };
}

/** The user a grant is for, if they may still get tokens. */
export async function findActiveUser(em: EntityManager, tenant: TenantRow, userId: string) {
  const user = await findUserById(em, tenant.id, userId);
  return user?.status === 'active' ? user : null;
}

/** `resource` may appear once (form-body refuses repeats); absent means none. */
export function readResource(body: Record<string, string | undefined>): string[] {
  return body.resource ? [body.resource] : [];
}

export type GrantOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: ReturnType<typeof tokenError> };

export const refuse = (...args: Parameters<typeof tokenError>) =>
  ({ ok: false, error: tokenError(...args) }) as const;
