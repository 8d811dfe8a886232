import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.1: 43 to 128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** The S256 challenge is a base64url SHA-256: exactly 43 characters. */
export const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a code_verifier has RFC 7636's shape, so a malformed one can be named as such. */
export function isWellFormedVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/**
 * RFC 7636 §4.6 with S256 only. A code issued without a challenge refuses any verifier, and a
 * code issued with one refuses a missing verifier: either way round is a downgrade attempt.
 */
export function verifyPkce(challenge: string | null, verifier: string | undefined): boolean {
  if (challenge === null) return verifier === undefined;
  if (verifier === undefined || !VERIFIER.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
