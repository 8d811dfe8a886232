import { codePoint } from './display-text.js';

/**
 * Rules every URI an administrator registers shares (redirect URIs, resource indicators, logo
 * URLs). Such URIs are compared later as exact strings, so what is stored must be what a
 * browser or client will send, byte for byte.
 */

/** RFC 8252 §7.3: loopback URIs may use plain http, but only to these exact hosts. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const CONTROL = /\p{Cc}/u;

/**
 * Why `uri` holds a character no URI may, or null. WHATWG URL parsing silently drops tabs and
 * line breaks, so `https://app.test/c\tb` would parse, be stored as sent, and never match.
 *
 * @example
 * uriCharacterProblem('https://app.test/c\tb') // 'A URI cannot contain control characters (U+0009).'
 */
export function uriCharacterProblem(uri: string): string | null {
  const control = CONTROL.exec(uri)?.[0];
  if (control) return `A URI cannot contain control characters (${codePoint(control)}).`;
  if (/[\s\\]/.test(uri)) return 'A URI cannot contain spaces or backslashes.';
  return null;
}

/**
 * Whether an `http:` URI names a loopback host exactly as written. WHATWG parsing turns `127.1`
 * into `127.0.0.1`, so the host is compared as written too; `localhost.evil.test` is not
 * loopback.
 */
export function isWrittenLoopback(uri: string, url: URL): boolean {
  const authority = uri.slice(`${url.protocol}//`.length).toLowerCase();
  const written = authority.startsWith('[')
    ? authority.slice(0, authority.indexOf(']') + 1)
    : authority.split(/[/:?#]/, 1)[0];
  return LOOPBACK_HOSTS.has(url.hostname) && written === url.hostname;
}

/** Port 0 means "any free port" to a listener; no server can be reached there. */
export function hasPortZero(url: URL): boolean {
  return url.port === '0';
}
