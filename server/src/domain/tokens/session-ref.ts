import { createHash } from 'node:crypto';

/**
 * The `sid` claim of a login session (OIDC Front-Channel Logout §3). A session's id is its
 * cookie value, a bearer secret, so tokens carry a one-way digest of it instead: a relying
 * party can match it, but nobody can turn it back into a cookie.
 */
export function publicSessionId(sessionId: string): string {
  return createHash('sha256')
    .update(`latchkey/sid/v1:${sessionId}`)
    .digest('base64url')
    .slice(0, 32);
}
