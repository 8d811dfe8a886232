/**
 * Resolves the scopes a token gets: what was asked (RFC 6749 §3.3), limited to what the client
 * is registered for. Asking for anything beyond that is `invalid_scope`, not a silent trim, so a
 * misconfigured client learns of it at once. Asking for nothing grants the client's defaults.
 */
export function grantScopes(
  requested: string[] | string | undefined,
  allowed: string[],
): { ok: true; scopes: string[] } | { ok: false; refused: string[] } {
  const asked = requestedScopes(requested);
  if (asked.length === 0) return { ok: true, scopes: [...allowed] };
  const refused = asked.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) return { ok: false, refused };
  return { ok: true, scopes: [...new Set(asked)] };
}

/**
 * The scopes a token request names. oauth2orize hands over a list, or the raw string when it
 * holds no separator (`scope=` arrives as ''); empty entries from stray spaces are dropped.
 */
export function requestedScopes(requested: string[] | string | undefined): string[] {
  return (Array.isArray(requested) ? requested : (requested ?? '').split(' ')).filter(Boolean);
}
