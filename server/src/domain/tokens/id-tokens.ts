import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import type { UserRow } from '../../persistence/entities/user.js';
import type { TenantKeys } from '../directory.js';

/** What of a user the ID token and userinfo release. */
export type ClaimsUser = Pick<
  UserRow,
  'id' | 'email' | 'emailVerified' | 'givenName' | 'familyName' | 'locale'
>;

export interface IdTokenRequest {
  issuer: string;
  clientId: string;
  user: ClaimsUser;
  scope: string[];
  ttlSeconds: number;
  authTime: number;
  acr: string;
  amr: string[];
  sid: string | null;
  nonce: string | null;
  accessToken: string;
}

/** OIDC Core §3.1.3.6: the left half of the hash of the access token, with the key's hash. */
export function accessTokenHash(accessToken: string, alg: string): string {
  const digest = createHash(`sha${alg.slice(2)}`)
    .update(accessToken)
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** The claims a scope releases (OIDC Core §5.4), shared by the ID token and userinfo. */
export function claimsForScope(user: ClaimsUser, scope: string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scope.includes('profile')) {
    const name = [user.givenName, user.familyName].filter(Boolean).join(' ');
    if (name) claims.name = name;
    if (user.givenName) claims.given_name = user.givenName;
    if (user.familyName) claims.family_name = user.familyName;
    if (user.locale) claims.locale = user.locale;
  }
  if (scope.includes('email')) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return claims;
}

/** Signs an ID token (OIDC Core §2) with the tenant's active key. */
export async function signIdToken(
  keys: TenantKeys,
  request: IdTokenRequest,
  now = Math.floor(Date.now() / 1000),
): Promise<string> {
  const payload: Record<string, unknown> = {
    ...claimsForScope(request.user, request.scope),
    auth_time: request.authTime,
    acr: request.acr,
    amr: request.amr,
    at_hash: accessTokenHash(request.accessToken, keys.active.alg),
  };
  if (request.sid) payload.sid = request.sid;
  if (request.nonce) payload.nonce = request.nonce;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: keys.active.alg, kid: keys.active.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setSubject(request.user.id)
    .setAudience(request.clientId)
    .setIssuedAt(now)
    .setExpirationTime(now + request.ttlSeconds)
    .sign(keys.active.privateKey);
}
