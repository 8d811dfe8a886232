import { domainToASCII } from 'node:url';

/**
 * A domain as Latchkey stores and compares it: the ASCII form, lower-cased, with a Unicode (IDN)
 * name converted to punycode by Node's WHATWG URL rules (UTS #46), so `Exämple.com` and
 * `xn--exmple-cua.com` are one domain. Null when no host name can be made of it.
 *
 * @example
 * toAsciiDomain('EXÄMPLE.com') // 'xn--exmple-cua.com'
 * toAsciiDomain('not a domain') // null
 */
export function toAsciiDomain(domain: string): string | null {
  return domainToASCII(domain.trim()) || null;
}

/**
 * Dot-separated labels of letters, digits and inner dashes, ending in an alphabetic top-level
 * label or an IDN one (`xn--p1ai`): a name DNS can resolve, in its ASCII form.
 */
const HOST_NAME =
  /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Whether an ASCII domain (from `toAsciiDomain`) is a host name, at most 253 characters. */
export function isHostName(asciiDomain: string): boolean {
  return asciiDomain.length <= 253 && HOST_NAME.test(asciiDomain);
}
