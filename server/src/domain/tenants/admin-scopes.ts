/** Scopes a system-tenant token can carry to use the admin API, one pair per resource. */
export const ADMIN_SCOPES = [
  'tenants:read',
  'tenants:write',
  'clients:read',
  'clients:write',
  'users:read',
  'users:write',
  'events:read',
  'events:write',
] as const;

export type AdminScope = (typeof ADMIN_SCOPES)[number];
