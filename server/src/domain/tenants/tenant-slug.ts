/** Lower-case letters, digits and inner dashes, 2 to 63 characters: one DNS label. */
export const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * Words a tenant may not take: `system` owns the admin clients, and the others would read as
 * part of Latchkey itself in an issuer URL, a mail or a hosted page.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'system',
  'admin',
  'api',
  'auth',
  'default',
  'internal',
  'latchkey',
  'login',
  'oauth',
  'oidc',
  'openapi',
  'public',
  'root',
  'scim',
  'static',
  'support',
  'www',
]);

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}
