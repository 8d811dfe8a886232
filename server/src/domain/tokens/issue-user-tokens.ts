import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import type { SecretHasher } from '../crypto/secret-hash.js';
import type { TenantKeys } from '../directory.js';
import { signAccessToken } from './access-tokens.js';
import { type GrantContext, recordAccessToken } from './families.js';
import { type ClaimsUser, signIdToken } from './id-tokens.js';
import { issueRefreshToken } from './refresh-tokens.js';

export interface UserTokenRequest {
  tenant: TenantRow;
  issuer: string;
  keys: TenantKeys;
  client: OAuthClientRow;
  user: ClaimsUser;
  grant: GrantContext;
  familyId: string;
  audience: string | string[];
  /** Present on the code grant only: OIDC Core §3.1.3.6 echoes it in the ID token. */
  nonce: string | null;
  /** On a refresh: the family's scope, which the rotated refresh token keeps even when the
   * access token asks for less (RFC 6749 §6). */
  refreshScope?: string;
}

export interface IssuedUserTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  jti: string;
}

/** What a user-bound grant has written; its tokens are signed once the transaction committed. */
export interface PreparedUserTokens {
  jti: string;
  scope: string;
  refresh_token?: string;
  /** Signs the access token (and the ID token for `openid`); needs no database. */
  sign(): Promise<IssuedUserTokens>;
}

/**
 * Records what a user-bound grant returns, in the caller's transaction: an RFC 9068 access token
 * under its family (so revoking the family reaches it), a rotated refresh token only when
 * `offline_access` was granted and the client may refresh. The signatures come after, from
 * `sign()`: they need no database, and a transaction that held its connection through two of
 * them kept the pool waiting on the signing threads.
 */
export async function issueUserTokens(
  em: EntityManager,
  hasher: SecretHasher,
  request: UserTokenRequest,
  now = Math.floor(Date.now() / 1000),
): Promise<PreparedUserTokens> {
  const { client, grant } = request;
  const jti = randomUUID();
  await recordAccessToken(em, grant.tenantId, request.familyId, jti, now + client.accessTokenTtl);
  const refreshScope = request.refreshScope ?? grant.scope;
  const refreshToken = mayHoldRefreshToken(client, refreshScope)
    ? await issueRefreshToken(
        em,
        hasher,
        { ...grant, scope: refreshScope, familyId: request.familyId },
        client.refreshTokenTtl,
      )
    : undefined;
  return preparedUserTokens(request, jti, now, refreshToken);
}

/** A refresh token comes only with `offline_access`, and only to a client that may refresh. */
export function mayHoldRefreshToken(client: OAuthClientRow, scope: string): boolean {
  return scope.split(' ').includes('offline_access') && client.grantTypes.includes('refresh_token');
}

/** What a grant returns once its rows are written: the values, and the signing still to do. */
export function preparedUserTokens(
  request: UserTokenRequest,
  jti: string,
  now: number,
  refreshToken: string | undefined,
): PreparedUserTokens {
  return {
    jti,
    scope: request.grant.scope,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    sign: () => signUserTokens(request, jti, now, refreshToken),
  };
}

/** An ID token for `openid`, after the access token whose hash (`at_hash`) it carries. */
async function signUserTokens(
  request: UserTokenRequest,
  jti: string,
  now: number,
  refreshToken: string | undefined,
): Promise<IssuedUserTokens> {
  const { client, grant, keys } = request;
  const access = await signAccessToken(
    keys,
    {
      issuer: request.issuer,
      subject: grant.userId,
      audience: request.audience,
      clientId: client.clientId,
      scope: grant.scope,
      ttlSeconds: client.accessTokenTtl,
      jti,
      extra: {
        auth_time: grant.authTime,
        acr: grant.acr,
        ...(grant.sid ? { sid: grant.sid } : {}),
      },
    },
    now,
  );
  const issued: IssuedUserTokens = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: client.accessTokenTtl,
    scope: grant.scope,
    jti,
  };
  if (refreshToken) issued.refresh_token = refreshToken;
  if (grant.scope.split(' ').includes('openid')) {
    issued.id_token = await signIdToken(keys, {
      issuer: request.issuer,
      clientId: client.clientId,
      user: request.user,
      scope: grant.scope.split(' ').filter(Boolean),
      ttlSeconds: client.idTokenTtl,
      authTime: grant.authTime,
      acr: grant.acr,
      amr: grant.amr,
      sid: grant.sid,
      nonce: request.nonce,
      accessToken: access.token,
    });
  }
  return issued;
}
