import type { TenantRow } from '../../persistence/entities/tenant.js';

/**
 * The `aud` of an access token. RFC 8707: a `resource` the tenant lists in its
 * `resourceIndicators` setting becomes the audience; anything else is `invalid_target`. Without
 * one, the tenant's `defaultAudience` setting, or else the issuer itself.
 */
export function resolveAudience(
  tenant: TenantRow,
  issuer: string,
  resources: string[],
): { ok: true; audience: string | string[] } | { ok: false; refused: string[] } {
  const listed = tenant.settings.resourceIndicators;
  const allowed = Array.isArray(listed) ? (listed as string[]) : [];
  if (resources.length === 0) {
    // Only a listed resource stands in for the issuer: anything else (an issuer URL stored
    // before the public URL changed) would be an audience no resource server accepts.
    const fallback = tenant.settings.defaultAudience;
    const usable = typeof fallback === 'string' && allowed.includes(fallback);
    return { ok: true, audience: usable ? fallback : issuer };
  }
  const refused = resources.filter(
    (resource) => !allowed.includes(resource) && resource !== issuer,
  );
  if (refused.length > 0) return { ok: false, refused };
  return { ok: true, audience: resources.length === 1 ? resources[0]! : resources };
}

/** RFC 8707 §2: an absolute URI without a fragment. */
export function isResourceIndicator(value: string): boolean {
  try {
    const url = new URL(value);
    return !value.includes('#') && url.protocol.length > 1;
  } catch {
    return false;
  }
}
