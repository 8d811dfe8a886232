import { randomBytes } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';
import type { SecretHasher } from '../crypto/secret-hash.js';
import type { GrantContext } from '../tokens/families.js';

/** RFC 6749 §4.1.2 recommends at most ten minutes; a minute is plenty for a redirect. */
export const CODE_TTL_SECONDS = 60;

export interface AuthorizationCode extends GrantContext {
  redirectUri: string;
  codeChallenge: string | null;
  nonce: string | null;
}

interface CodeRow {
  tenant_id: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  code_challenge: string | null;
  nonce: string | null;
  sid: string;
  auth_time: string | number;
  acr: string;
  amr: string[];
  resource: string[];
  expires_at: Date;
  used_at: Date | null;
  family_id: string | null;
}

/** Issues a random single-use code; only its keyed hash is stored. */
export async function issueAuthorizationCode(
  em: EntityManager,
  hasher: SecretHasher,
  code: AuthorizationCode,
): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await em.execute(
    `insert into authorization_codes (code_hash, tenant_id, client_id, user_id, redirect_uri,
       scope, code_challenge, nonce, sid, auth_time, acr, amr, resource, expires_at, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?), now())`,
    [
      hasher.hash(value),
      code.tenantId,
      code.clientId,
      code.userId,
      code.redirectUri,
      code.scope,
      code.codeChallenge,
      code.nonce,
      code.sid,
      code.authTime,
      code.acr,
      JSON.stringify(code.amr),
      JSON.stringify(code.resource),
      CODE_TTL_SECONDS,
    ],
  );
  return value;
}

export type CodeRedemption =
  | { outcome: 'redeemed'; code: AuthorizationCode }
  | { outcome: 'replayed'; familyId: string | null }
  | { outcome: 'unknown' };

function toCode(row: CodeRow): AuthorizationCode {
  return {
    tenantId: row.tenant_id,
    clientId: row.client_id,
    userId: row.user_id,
    scope: row.scope,
    sid: row.sid,
    authTime: Number(row.auth_time),
    acr: row.acr,
    amr: row.amr,
    resource: row.resource,
    redirectUri: row.redirect_uri,
    codeChallenge: row.code_challenge,
    nonce: row.nonce,
  };
}

/**
 * Consumes a code atomically: of any number of concurrent presentations exactly one gets it
 * (the UPDATE takes the row lock, the others re-check `used_at` after it commits). A code that
 * was already used is reported with the family its first use opened, so that it can be revoked.
 * An expired code is consumed too and reported as unknown.
 */
export async function redeemAuthorizationCode(
  em: EntityManager,
  hasher: SecretHasher,
  tenantId: string,
  value: string,
): Promise<CodeRedemption> {
  const codeHash = hasher.hash(value);
  const taken = await em.execute<CodeRow[]>(
    `update authorization_codes set used_at = now()
      where code_hash = ? and tenant_id = ? and used_at is null
      returning *, (expires_at > now()) as live`,
    [codeHash, tenantId],
  );
  const row = taken[0] as (CodeRow & { live: boolean }) | undefined;
  if (row) return row.live ? { outcome: 'redeemed', code: toCode(row) } : { outcome: 'unknown' };
  const used = await em.execute<Array<{ family_id: string | null }>>(
    'select family_id from authorization_codes where code_hash = ? and tenant_id = ?',
    [codeHash, tenantId],
  );
  return used[0] ? { outcome: 'replayed', familyId: used[0].family_id } : { outcome: 'unknown' };
}

/** Remembers which family a code opened, in the transaction that redeemed it. */
export async function linkCodeToFamily(
  em: EntityManager,
  hasher: SecretHasher,
  tenantId: string,
  value: string,
  familyId: string,
): Promise<void> {
  await em.execute(
    'update authorization_codes set family_id = ? where code_hash = ? and tenant_id = ?',
    [familyId, hasher.hash(value), tenantId],
  );
}
