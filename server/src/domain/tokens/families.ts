import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';

/** What a user-bound grant carries from the authorization to every token issued under it. */
export interface GrantContext {
  tenantId: string;
  clientId: string;
  userId: string;
  scope: string;
  sid: string | null;
  authTime: number;
  acr: string;
  amr: string[];
  resource: string[];
}

/**
 * Opens a token family: one per authorization (a redeemed code). Every refresh token and every
 * access token issued to a user under that authorization belongs to it, so one update ends all.
 */
export async function openTokenFamily(em: EntityManager, grant: GrantContext): Promise<string> {
  const id = randomUUID();
  await em.execute(
    `insert into token_families (id, tenant_id, client_id, user_id, sid, scope, created_at)
       values (?, ?, ?, ?, ?, ?, now())`,
    [id, grant.tenantId, grant.clientId, grant.userId, grant.sid, grant.scope],
  );
  return id;
}

/** Records a user's access token under its family, so revoking the family reaches it. */
export async function recordAccessToken(
  em: EntityManager,
  tenantId: string,
  familyId: string,
  jti: string,
  exp: number,
): Promise<void> {
  await em.execute(
    `insert into issued_access_tokens (jti, tenant_id, family_id, expires_at)
       values (?, ?, ?, to_timestamp(?))`,
    [jti, tenantId, familyId, exp],
  );
}
