import { domainToASCII } from 'node:url';
import { DomainError, type FieldIssue } from '../errors.js';
import { hasPortZero, isWrittenLoopback, uriCharacterProblem } from '../uri-rules.js';

/** RFC 8252 §7.1: a private-use scheme is a reverse domain name, so it contains a dot. */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+$/;
/** Printable ASCII: control characters are refused before this is asked. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Why a redirect URI cannot be registered, or null when it can. Rules (OAuth 2.1 §2.3.1,
 * RFC 8252): absolute, no fragment, no user info; `https`, or `http` to a loopback host named
 * exactly (`http://localhost.evil.test` is not loopback), or — for public (native) clients —
 * a private-use scheme such as `com.example.app:/callback`. Redirect URIs match as exact
 * strings, so a wildcard host (`*.example.com`) or port 0 could never match anything.
 */
export function redirectUriProblem(
  uri: string,
  clientType: 'confidential' | 'public',
): string | null {
  const characters = uriCharacterProblem(uri);
  if (characters) return characters;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'Use an absolute URI, such as https://app.example.com/callback.';
  }
  if (uri.includes('#')) return 'A redirect URI cannot have a fragment (#...).';
  if (url.username || url.password) return 'A redirect URI cannot carry user info (user@host).';
  if (url.hostname.includes('*')) {
    return 'Redirect URIs match exactly, so a wildcard (*) in the host would never match; list each host.';
  }
  if (hasPortZero(url)) return 'Port 0 cannot be reached; use the port the app listens on.';
  const authority = writtenAuthority(uri) ?? '';
  // The stored string is what /authorize compares; a browser decodes `%2e` to a dot and drops
  // empty labels, so it would land on another host than the one an administrator reads here.
  if (authority.includes('%')) {
    return 'Write the host without percent-escapes, as the browser will see it (%2e is a dot).';
  }
  if (/(^|\.)\./.test(url.hostname)) return 'The host has an empty label (..); check the spelling.';
  if (!ASCII.test(authority)) {
    return 'This host has no ASCII (punycode) form; use a host name such as app.example.com.';
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') {
    return url.hostname ? null : 'An https redirect URI needs a host.';
  }
  if (scheme === 'http') {
    return isWrittenLoopback(uri, url)
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
  throwRedirectFaults(fields);
}

/**
 * The form a redirect URI is stored in: as written, except a Unicode (IDN) host, which becomes
 * its ASCII (punycode) form. Browsers put the punycode host in the URL they are sent to, and
 * matching is exact, so the Unicode spelling would never match. A host with no ASCII form is
 * left as written, for `redirectUriProblem` to refuse.
 *
 * @example
 * toStoredRedirectUri('https://Exämple.com:8443/cb') // 'https://xn--exmple-cua.com:8443/cb'
 */
export function toStoredRedirectUri(uri: string): string {
  const authority = writtenAuthority(uri);
  if (authority === undefined || ASCII.test(authority) || authority.includes('@')) return uri;
  // Converting would drop a tab or a line break that the rules must see and refuse.
  if (uriCharacterProblem(uri)) return uri;
  const portAt = authority.lastIndexOf(':');
  const host = portAt >= 0 ? authority.slice(0, portAt) : authority;
  const ascii = domainToASCII(host);
  if (!ascii) return uri;
  const start = uri.indexOf(authority);
  return (
    uri.slice(0, start) + ascii + authority.slice(host.length) + uri.slice(start + authority.length)
  );
}

/**
 * A list of redirect URIs as stored (see `toStoredRedirectUri`). Two entries that become the
 * same once their hosts are in punycode are refused, naming the second, like any repeat.
 */
export function toStoredRedirectUris(uris: string[] | undefined, field: string) {
  if (!uris) return undefined;
  const stored = uris.map(toStoredRedirectUri);
  const fields: FieldIssue[] = [];
  stored.forEach((uri, index) => {
    const first = stored.indexOf(uri);
    if (first < index) {
      fields.push({
        field: `${field}.${index}`,
        message: `Same as entry ${first} once its host is in punycode.`,
      });
    }
  });
  throwRedirectFaults(fields);
  return stored;
}

/** The authority (`host[:port]`, or with user info) of a `scheme://` URI as written. */
function writtenAuthority(uri: string): string | undefined {
  return /^[a-z][a-z0-9+.-]*:\/\/([^/?#\\]*)/i.exec(uri)?.[1];
}

function throwRedirectFaults(fields: FieldIssue[]): void {
  if (fields.length === 0) return;
  throw new DomainError(
    'invalid',
    'client.redirect_uri_invalid',
    fields.length === 1 ? (fields[0]?.message ?? '') : 'Some redirect URIs are not allowed.',
    fields,
  );
}

/** A client's input with both redirect URI lists in their stored form. */
export function withStoredRedirectUris<
  T extends { redirectUris?: string[]; postLogoutRedirectUris?: string[] },
>(input: T): T {
  return {
    ...input,
    redirectUris: toStoredRedirectUris(input.redirectUris, 'redirectUris'),
    postLogoutRedirectUris: toStoredRedirectUris(
      input.postLogoutRedirectUris,
      'postLogoutRedirectUris',
    ),
  };
}
