import { randomUUID } from 'node:crypto';
import { CompactSign, type JWTPayload, errors as joseErrors, jwtVerify } from 'jose';
import type { TenantKeys } from '../directory.js';

/** Claims of an RFC 9068 access token that Latchkey reads back. */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  scope: string;
  exp: number;
  iat: number;
  jti: string;
  sid?: string;
}

export interface AccessTokenRequest {
  issuer: string;
  subject: string;
  audience: string | string[];
  clientId: string;
  scope: string;
  ttlSeconds: number;
  /** The token's id when the caller recorded it before signing; a new one otherwise. */
  jti?: string;
  /** Extra claims (sid, auth_time, acr) that ride along. */
  extra?: Record<string, unknown>;
}

const encoder = new TextEncoder();

/**
 * Signs an RFC 9068 JWT access token with the tenant's active key. The claims are built here,
 * every one of a known type, and jose signs them as a compact JWS: `SignJWT` would validate and
 * copy the same claims again, a measurable share of the client-credentials path.
 */
export async function signAccessToken(
  keys: TenantKeys,
  request: AccessTokenRequest,
  now = Math.floor(Date.now() / 1000),
): Promise<{ token: string; jti: string; exp: number }> {
  const jti = request.jti ?? randomUUID();
  const exp = now + request.ttlSeconds;
  const claims: AccessTokenClaims = {
    ...request.extra,
    iss: request.issuer,
    sub: request.subject,
    aud: request.audience,
    client_id: request.clientId,
    scope: request.scope,
    exp,
    iat: now,
    jti,
  };
  const token = await new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: keys.active.alg, kid: keys.active.kid, typ: 'at+jwt' })
    .sign(keys.active.privateKey);
  return { token, jti, exp };
}

export class InvalidAccessTokenError extends Error {
  override name = 'InvalidAccessTokenError';
}

/**
 * Verifies an access token against one tenant's published keys only: a token of another tenant
 * (another issuer, other keys), an unsigned or HMAC token, or a token of another type all fail.
 */
export async function verifyAccessToken(
  keys: TenantKeys,
  token: string,
  expected: { issuer: string; audience?: string },
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const published = header.kid ? keys.published.get(header.kid) : undefined;
        if (!published) throw new InvalidAccessTokenError('unknown signing key');
        return published.key;
      },
      {
        issuer: expected.issuer,
        audience: expected.audience,
        algorithms: ['ES256', 'RS256'],
        typ: 'at+jwt',
        requiredClaims: ['sub', 'client_id', 'jti', 'exp', 'iat'],
      },
    );
    return payload as AccessTokenClaims;
  } catch (error) {
    if (error instanceof InvalidAccessTokenError) throw error;
    if (error instanceof joseErrors.JOSEError) throw new InvalidAccessTokenError(error.code);
    throw new InvalidAccessTokenError('malformed token');
  }
}
