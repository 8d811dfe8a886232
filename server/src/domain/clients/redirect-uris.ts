import { DomainError, type FieldIssue } from '../errors.js';

/** RFC 8252 §7.3: loopback redirects may use plain http, but only to these exact hosts. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** RFC 8252 §7.1: a private-use scheme is a reverse domain name, so it contains a dot. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;

/**
 * Why a redirect URI cannot be registered, or null when it can. Rules (OAuth 2.1 §2.3.1,
 * RFC 8252): absolute, no fragment, no user info; `https`, or `http` to a loopback host named
 * exactly (`http://localhost.evil.test` is not loopback), or — for public (native) clients —
 * a private-use scheme such as `com.example.app:/callback`.
 */
export function redirectUriProblem(
  uri: string,
  clientType: 'confidential' | 'public',
): string | null {
  if (/[\s\\]/.test(uri)) return 'A redirect URI cannot contain spaces or backslashes.';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'Use an absolute URI, such as https://app.example.com/callback.';
  }
  if (uri.includes('#')) return 'A redirect URI cannot have a fragment (#...).';
  if (url.username || url.password) return 'A redirect URI cannot carry user info (user@host).';
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') {
    return url.hostname ? null : 'An https redirect URI needs a host.';
  }
  if (scheme === 'http') {
    // Compare the host as written too: WHATWG parsing turns `127.1` into `127.0.0.1`.
    const authority = uri.slice('http://'.length).toLowerCase();
    const written = authority.startsWith('[')
      ? authority.slice(0, authority.indexOf(']') + 1)
      : authority.split(/[/:?]/, 1)[0];
    const isLoopback = LOOPBACK_HOSTS.has(url.hostname) && written === url.hostname;
    return isLoopback
      ? null
      : 'Plain http is allowed only to http://127.0.0.1, http://[::1] or http://localhost.';
  }
  if (!PRIVATE_USE_SCHEME.test(scheme)) {
    return 'Use https, a loopback http URI, or a reverse-domain private-use scheme (com.example.app:/cb).';
  }
  if (clientType !== 'public') {
    return 'Private-use schemes are for native apps, which are public clients.';
  }
  return null;
}

/** Checks every URI of a list; all faults are reported at once, each naming its index. */
export function assertRedirectUris(
  uris: string[],
  clientType: 'confidential' | 'public',
  field: string,
): void {
  const fields: FieldIssue[] = [];
  uris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri, clientType);
    if (problem) fields.push({ field: `${field}.${index}`, message: problem });
  });
  if (fields.length > 0) {
    throw new DomainError(
      'invalid',
      'client.redirect_uri_invalid',
      fields.length === 1 ? (fields[0]?.message ?? '') : 'Some redirect URIs are not allowed.',
      fields,
    );
  }
}
