import type { TenantSettings } from '../../persistence/entities/tenant.js';
import { DomainError } from '../errors.js';
import { hasPortZero, isWrittenLoopback, uriCharacterProblem } from '../uri-rules.js';
import { SYSTEM_TENANT } from './tenant-defaults.js';

/** At most this many resource indicators per tenant: each is a string compared per request. */
export const MAX_RESOURCE_INDICATORS = 20;

const ASCII = /^[\x21-\x7e]*$/;

/**
 * Why a URI cannot be one of a tenant's `resourceIndicators` (RFC 8707: an audience its access
 * tokens may carry), or null. Absolute and without a fragment (RFC 8707 §2); ASCII, as RFC 3986
 * URIs are; `https`, or plain `http` to a loopback host written exactly. A `resource` parameter
 * is compared with the list as an exact string, so nothing is normalised here either.
 *
 * @example
 * resourceIndicatorProblem('https://api.example.com/') // null
 * resourceIndicatorProblem('https://api.example.com/#x') // 'A resource indicator cannot …'
 */
export function resourceIndicatorProblem(uri: string): string | null {
  const characters = uriCharacterProblem(uri);
  if (characters) return characters;
  if (!ASCII.test(uri)) {
    return 'Use the ASCII form of the URI: a punycode host (xn--...) and a percent-encoded path.';
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'Use an absolute URI, such as https://api.example.com/.';
  }
  if (uri.includes('#')) return 'A resource indicator cannot have a fragment (#...) (RFC 8707).';
  if (url.username || url.password) return 'A resource indicator cannot carry user info.';
  if (hasPortZero(url)) return 'Port 0 cannot be reached; use the port the API listens on.';
  if (url.protocol === 'https:' && url.hostname) return null;
  if (url.protocol === 'http:' && isWrittenLoopback(uri, url)) return null;
  return 'Use https, or plain http only to 127.0.0.1, [::1] or localhost.';
}

/**
 * Checks a tenant's audience settings as they will be stored (defaults and earlier values
 * merged in). `defaultAudience` must be the tenant's issuer or one of its `resourceIndicators`,
 * so every audience a token can carry is one the administrator listed; each entry's own shape
 * is the request schema's. The `system` tenant's tokens are for the admin API, which accepts
 * only its issuer as audience: any other default would lock every admin out.
 */
export function assertAudienceSettings(
  slug: string,
  settings: Pick<TenantSettings, 'resourceIndicators' | 'defaultAudience'>,
  issuer: string,
): void {
  const fallback = settings.defaultAudience;
  if (fallback === null || fallback === undefined || fallback === issuer) return;
  if (slug === SYSTEM_TENANT) {
    throw DomainError.conflict(
      'tenant.system_protected',
      `The system tenant's tokens are for the admin API, whose audience is its issuer ${issuer}.`,
      'settings.defaultAudience',
    );
  }
  if (settings.resourceIndicators?.includes(fallback)) return;
  throw DomainError.invalid(
    'tenant.audience_invalid',
    `Use the issuer ${issuer} or one of settings.resourceIndicators.`,
    'settings.defaultAudience',
  );
}

/**
 * The issuer as `defaultAudience` is stored as null, which means "the issuer" wherever the server
 * runs: stored as a URL, it would go stale when the public URL changes, and every token, the
 * admin API's included, would carry an audience nobody accepts.
 */
export function withIssuerAsNull<T extends Pick<TenantSettings, 'defaultAudience'>>(
  settings: T,
  issuer: string,
): T {
  return settings.defaultAudience === issuer ? { ...settings, defaultAudience: null } : settings;
}

/** The system tenant has no end users: no one may sign up to it. */
export function assertSystemSignupClosed(slug: string, signupEnabled: boolean | undefined): void {
  if (slug !== SYSTEM_TENANT || signupEnabled !== true) return;
  throw DomainError.conflict(
    'tenant.system_protected',
    'The system tenant holds admin clients and has no end users, so sign-up stays off.',
    'settings.signupEnabled',
  );
}
