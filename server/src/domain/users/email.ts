import { isHostName, toAsciiDomain } from '../domain-names.js';
import { DomainError } from '../errors.js';

export interface NormalizedEmail {
  /** What is stored and mailed to: trimmed, Unicode NFC, domain in lower-case ASCII (punycode). */
  email: string;
  /** The uniqueness and lookup key: the whole normalised address lower-cased. */
  emailKey: string;
}

/** Controls, spaces, invisible formatting, and U+FFFD (bytes that were not UTF-8, replaced). */
const CONTROL_OR_SPACE = /[\s\p{Cc}\p{Cf}\ufffd]/u;
/** Characters that make an address header mean something else (`"x" <y>`, lists, groups). */
const HEADER_SPECIALS = /[<>()[\]\\,;:"]/;

/**
 * The one normalisation of an email address, used by sign-up, sign-in, reset, the admin API and
 * provisioning alike, so `Quack@Example.test` and `QUACK@EXAMPLE.TEST` are one account, an
 * address in decomposed Unicode is the same as its composed form, and a Unicode domain is the
 * same as its punycode (`jo@exämple.com` is `jo@xn--exmple-cua.com`). Throws `invalid` on
 * anything that is not one plain address.
 */
export function normalizeEmail(raw: unknown, field = 'email'): NormalizedEmail {
  if (typeof raw !== 'string') {
    throw DomainError.invalid(
      'user.email_invalid',
      'Expected one email address as a string.',
      field,
    );
  }
  const trimmed = raw.trim().normalize('NFC');
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.length <= 320 ? (toAsciiDomain(trimmed.slice(at + 1)) ?? '') : '';
  const valid =
    at > 0 &&
    local.length + 1 + domain.length <= 320 &&
    local.length <= 64 &&
    !local.includes('@') &&
    !CONTROL_OR_SPACE.test(trimmed) &&
    !HEADER_SPECIALS.test(trimmed) &&
    // A host name, not an address: URL rules would make `0x7f.1` the host 127.0.0.1.
    isHostName(domain);
  if (!valid) {
    throw DomainError.invalid(
      'user.email_invalid',
      'Expected an email address like name@example.com.',
      field,
    );
  }
  const email = `${local}@${domain}`;
  return { email, emailKey: email.toLowerCase() };
}
