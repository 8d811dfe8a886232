import helmet from 'helmet';

/** helmet's defaults: what every response that Express serves carries. */
export const apiSecurityHeaders = helmet();

/**
 * What the protocol lane's JSON answers (token, introspection, revocation) carry: the headers
 * that mean something on an API response — OWASP's REST guidance — rather than helmet's set,
 * most of which governs documents (cross-origin isolation, DNS prefetch, downloads). Stricter
 * than helmet where they overlap: nothing may frame or load from these answers at all.
 */
export const PROTOCOL_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
];
