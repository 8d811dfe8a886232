import { toAsciiDomain } from '../domain-names.js';
import type { FieldIssue } from '../errors.js';

/**
 * The tenant's `allowedDomains` sign-up policy: when the list is non-empty, only an address
 * whose domain is exactly one of them (no subdomains) may self-register. The list is public
 * policy, so naming it in the error reveals nothing about which accounts exist. A Unicode
 * domain is compared in its ASCII (punycode) form, the form the admin API stores.
 */
export function checkAllowedDomain(
  email: string,
  allowedDomains: readonly string[],
  field = 'email',
): FieldIssue | null {
  if (allowedDomains.length === 0) return null;
  const domain = asciiDomain(email.slice(email.lastIndexOf('@') + 1));
  const allowed = allowedDomains.map(asciiDomain);
  if (domain && allowed.includes(domain)) return null;
  return {
    field,
    message: `Sign-up is open only to addresses at ${allowed.join(', ')}.`,
  };
}

function asciiDomain(domain: string): string {
  return toAsciiDomain(domain) ?? domain.trim().toLowerCase();
}
