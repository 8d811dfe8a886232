import { randomBytes } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';
import type { SecretHasher } from '../crypto/secret-hash.js';
import type { GrantContext } from './families.js';

export interface RefreshTokenGrant extends GrantContext {
  familyId: string;
}

interface RefreshRow {
  tenant_id: string;
  family_id: string;
  client_id: string;
  user_id: string;
  scope: string;
  sid: string | null;
  auth_time: string | number;
  acr: string;
  amr: string[];
  resource: string[];
  live: boolean;
  family_revoked: boolean;
}

/** A new opaque refresh token: 256 random bits, of which only a keyed hash is ever stored. */
export function newRefreshTokenValue(): string {
  return randomBytes(32).toString('base64url');
}

/** Issues an opaque refresh token in a family; only its keyed hash is stored. */
export async function issueRefreshToken(
  em: EntityManager,
  hasher: SecretHasher,
  grant: RefreshTokenGrant,
  ttlSeconds: number,
): Promise<string> {
  const value = newRefreshTokenValue();
  await em.execute(
    `insert into refresh_tokens (token_hash, tenant_id, family_id, client_id, user_id, scope, sid,
       auth_time, acr, amr, resource, expires_at, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), now())`,
    [
      hasher.hash(value),
      grant.tenantId,
      grant.familyId,
      grant.clientId,
      grant.userId,
      grant.scope,
      grant.sid,
      grant.authTime,
      grant.acr,
      JSON.stringify(grant.amr),
      JSON.stringify(grant.resource),
      ttlSeconds,
    ],
  );
  return value;
}

export type RefreshRedemption =
  | { outcome: 'rotated'; grant: RefreshTokenGrant }
  | { outcome: 'reused'; familyId: string; clientId: string }
  | { outcome: 'invalid' };

/**
 * Spends a refresh token (RFC 9700 §4.14.2, rotation): the UPDATE marks it used atomically, so
 * of two concurrent presentations one rotates and the other is a reuse. A token that was
 * already spent means it leaked: the caller revokes its whole family. Expired tokens, tokens of
 * a revoked family and tokens of another client are simply invalid (and the last stays unspent,
 * so a client cannot burn another's token).
 */
export async function spendRefreshToken(
  em: EntityManager,
  hasher: SecretHasher,
  tenantId: string,
  clientId: string,
  value: string,
): Promise<RefreshRedemption> {
  const tokenHash = hasher.hash(value);
  const spent = await em.execute<RefreshRow[]>(
    `update refresh_tokens r set used_at = now()
       from token_families f
      where r.token_hash = ? and r.tenant_id = ? and r.client_id = ? and r.used_at is null
        and f.id = r.family_id
      returning r.*, (r.expires_at > now()) as live, (f.revoked_at is not null) as family_revoked`,
    [tokenHash, tenantId, clientId],
  );
  const row = spent[0];
  if (row) {
    if (!row.live || row.family_revoked) return { outcome: 'invalid' };
    return {
      outcome: 'rotated',
      grant: {
        tenantId: row.tenant_id,
        familyId: row.family_id,
        clientId: row.client_id,
        userId: row.user_id,
        scope: row.scope,
        sid: row.sid,
        authTime: Number(row.auth_time),
        acr: row.acr,
        amr: row.amr,
        resource: row.resource,
      },
    };
  }
  // Not spendable by this client. A spent token is a leaked one, whoever presents it.
  const used = await em.execute<Array<{ family_id: string; client_id: string }>>(
    `select family_id, client_id from refresh_tokens
      where token_hash = ? and tenant_id = ? and used_at is not null`,
    [tokenHash, tenantId],
  );
  const reused = used[0];
  return reused
    ? { outcome: 'reused', familyId: reused.family_id, clientId: reused.client_id }
    : { outcome: 'invalid' };
}
