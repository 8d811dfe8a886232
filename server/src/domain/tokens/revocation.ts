import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import { publicSessionId } from './session-ref.js';

/** Why a token family ended; recorded on the family and in the `token.revoked` event. */
export type RevocationReason =
  | 'code_reuse'
  | 'refresh_reuse'
  | 'client_request'
  | 'session_ended'
  | 'user_revoked'
  | 'user_disabled'
  | 'user_deleted'
  | 'password_reset'
  | 'consent_revoked'
  | 'client_deleted';

export interface RevokedFamily {
  familyId: string;
  clientId: string;
  /** Access tokens of the family that were still live and are now on the revocation list. */
  jtis: string[];
}

async function tenantSlug(em: EntityManager, tenantId: string): Promise<string | null> {
  const rows = await em.execute<Array<{ slug: string }>>('select slug from tenants where id = ?', [
    tenantId,
  ]);
  return rows[0]?.slug ?? null;
}

/**
 * Ends token families in the caller's transaction: the families are marked revoked (their
 * refresh tokens stop working, since every refresh checks the family), and every access token
 * they issued that has not expired goes on the revocation list. One `token.revoked` event per
 * family. `where` is a SQL condition on token_families with its parameters.
 */
export async function revokeFamiliesWhere(
  em: EntityManager,
  tenantId: string,
  where: { sql: string; params: unknown[] },
  reason: RevocationReason,
): Promise<RevokedFamily[]> {
  const families = await em.execute<Array<{ id: string; client_id: string }>>(
    `update token_families set revoked_at = now(), revoked_reason = ?
      where tenant_id = ? and revoked_at is null and (${where.sql})
      returning id, client_id`,
    [reason, tenantId, ...where.params],
  );
  if (families.length === 0) return [];
  const ids = families.map((family) => family.id);
  const tokens = await em.execute<Array<{ jti: string; family_id: string }>>(
    `update issued_access_tokens set revoked_at = now()
      where tenant_id = ? and family_id in (${ids.map(() => '?').join(', ')})
        and revoked_at is null and expires_at > now()
      returning jti, family_id`,
    [tenantId, ...ids],
  );
  const slug = await tenantSlug(em, tenantId);
  const revoked = families.map((family) => ({
    familyId: family.id,
    clientId: family.client_id,
    jtis: tokens.filter((token) => token.family_id === family.id).map((token) => token.jti),
  }));
  for (const family of revoked) {
    await recordEvent(em, {
      type: 'token.revoked',
      tenant: slug,
      actor: { type: 'system' },
      data: { familyId: family.familyId, clientId: family.clientId, reason, jtis: family.jtis },
    });
  }
  return revoked;
}

/**
 * Ends every refresh token family issued under one login session, and their access tokens.
 * `sessionId` is the LoginSession's id; tokens carry only its public digest (session-ref.ts).
 */
export function revokeTokensForSession(em: EntityManager, tenantId: string, sessionId: string) {
  const sid = publicSessionId(sessionId);
  return revokeFamiliesWhere(em, tenantId, { sql: 'sid = ?', params: [sid] }, 'session_ended');
}

/**
 * Ends every refresh token family of a user in a tenant, and their access tokens: after a
 * password change or reset, or when an administrator disables or deletes the user.
 */
export function revokeTokensForUser(
  em: EntityManager,
  tenantId: string,
  userId: string,
  reason: RevocationReason = 'user_revoked',
) {
  return revokeFamiliesWhere(em, tenantId, { sql: 'user_id = ?', params: [userId] }, reason);
}

/**
 * Puts one access token on the revocation list (RFC 7009 for an access token), whether or not
 * it was recorded at issue (client-credentials tokens are not, to keep that path fast).
 */
export async function revokeAccessToken(
  em: EntityManager,
  tenantId: string,
  jti: string,
  expiresAt: Date,
): Promise<void> {
  await em.execute(
    `insert into issued_access_tokens (jti, tenant_id, family_id, expires_at, revoked_at)
       values (?, ?, null, ?, now())
     on conflict (jti) do update set revoked_at = coalesce(issued_access_tokens.revoked_at, now())
       where issued_access_tokens.tenant_id = excluded.tenant_id`,
    [jti, tenantId, expiresAt],
  );
}
