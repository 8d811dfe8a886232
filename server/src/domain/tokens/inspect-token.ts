import type { Database } from '../../persistence/database.js';
import type { SecretHasher } from '../crypto/secret-hash.js';
import type { TenantKeys } from '../directory.js';
import { isAccessTokenLive, type LivenessDeps } from './access-token-liveness.js';
import { type AccessTokenClaims, verifyAccessToken } from './access-tokens.js';

export type InspectedToken =
  | { kind: 'access_token'; claims: AccessTokenClaims }
  | {
      kind: 'refresh_token';
      familyId: string;
      clientId: string;
      userId: string;
      scope: string;
      exp: number;
      iat: number;
    };

/**
 * What a presented token is, if it is live at this tenant: a signed, unexpired, unrevoked access
 * token of this issuer whose client still exists, or an unspent, unexpired refresh token of a live family. Anything else
 * — another tenant's token, a forged or revoked one — is null.
 */
export async function inspectToken(
  deps: { db: Database; hasher: SecretHasher } & LivenessDeps,
  tenant: { id: string; issuer: string; keys: TenantKeys },
  token: string,
  hint: string | undefined,
): Promise<InspectedToken | null> {
  const looksLikeJwt = token.split('.').length === 3;
  if (looksLikeJwt || hint === 'access_token') {
    const access = await inspectAccessToken(deps, tenant, token);
    if (access || looksLikeJwt) return access;
  }
  const rows = await deps.db.em().execute<
    Array<{
      family_id: string;
      client_id: string;
      user_id: string;
      scope: string;
      exp: number;
      iat: number;
    }>
  >(
    `select r.family_id, r.client_id, r.user_id, r.scope,
            extract(epoch from r.expires_at)::bigint as exp,
            extract(epoch from r.created_at)::bigint as iat
       from refresh_tokens r join token_families f on f.id = r.family_id
      where r.token_hash = ? and r.tenant_id = ? and r.used_at is null
        and r.expires_at > now() and f.revoked_at is null`,
    [deps.hasher.hash(token), tenant.id],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    kind: 'refresh_token',
    familyId: row.family_id,
    clientId: row.client_id,
    userId: row.user_id,
    scope: row.scope,
    exp: Number(row.exp),
    iat: Number(row.iat),
  };
}

async function inspectAccessToken(
  deps: LivenessDeps,
  tenant: { id: string; issuer: string; keys: TenantKeys },
  token: string,
): Promise<InspectedToken | null> {
  try {
    const claims = await verifyAccessToken(tenant.keys, token, { issuer: tenant.issuer });
    if (!(await isAccessTokenLive(deps, tenant.id, claims))) return null;
    return { kind: 'access_token', claims };
  } catch {
    return null;
  }
}
