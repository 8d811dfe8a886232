import { compactVerify, decodeProtectedHeader } from 'jose';
import type { TenantKeys } from '../directory.js';

export interface IdTokenHint {
  sub: string;
  /** The client the ID token was issued to. */
  clientId: string;
  sid: string | null;
}

/**
 * Reads an `id_token_hint` (OIDC RP-Initiated Logout §2). Only a token that this issuer signed
 * with one of its published keys, with ES256 or RS256, counts: `alg: none` in any spelling, an
 * HMAC, or a broken signature all give null. An expired ID token is still a valid hint — relying
 * parties log out long after sign-in — so `exp` is deliberately not checked here.
 */
export async function readIdTokenHint(
  keys: TenantKeys,
  issuer: string,
  token: string,
): Promise<IdTokenHint | null> {
  try {
    const header = decodeProtectedHeader(token);
    const published = header.kid ? keys.published.get(header.kid) : undefined;
    if (!published || (header.alg !== 'ES256' && header.alg !== 'RS256')) return null;
    const { payload } = await compactVerify(token, published.key, { algorithms: [header.alg] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== issuer || typeof claims.sub !== 'string' || aud.length !== 1) return null;
    if (typeof aud[0] !== 'string') return null;
    return {
      sub: claims.sub,
      clientId: aud[0],
      sid: typeof claims.sid === 'string' ? claims.sid : null,
    };
  } catch {
    return null;
  }
}
