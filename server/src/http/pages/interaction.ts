import type { Request } from 'express';
import type { Cache } from '../../adapters/cache/cache.js';
import {
  findInteraction,
  type PendingAuthorization,
} from '../../domain/authorization/interactions.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';

export interface PageInteraction {
  id: string;
  pending: PendingAuthorization;
}

/**
 * The OAuth request in progress, from `?interaction=` — only when it exists for this tenant.
 * Anything else (unknown, expired, repeated, another tenant's) is as if there were none.
 */
export async function readInteraction(cache: Cache, req: Request): Promise<PageInteraction | null> {
  const id = req.query.interaction;
  if (typeof id !== 'string' || !req.tenant) return null;
  const pending = await findInteraction(cache, req.tenant.id, id);
  return pending ? { id, pending } : null;
}

/** The query string that carries the interaction from page to page ('' without one). */
export function interactionQuery(interaction: PageInteraction | null): string {
  return interaction ? `?interaction=${encodeURIComponent(interaction.id)}` : '';
}

/**
 * Where the browser goes after signing in: back to the authorization endpoint to finish the
 * request, or to the account page. Built from PUBLIC_URL and ids we checked, never from input.
 */
export function afterSignInUrl(
  publicUrl: string,
  slug: string,
  interaction: PageInteraction | null,
) {
  const issuer = issuerOf(publicUrl, slug);
  return interaction
    ? `${issuer}/authorize/resume${interactionQuery(interaction)}`
    : `${issuer}/account`;
}

export function pageUrl(
  publicUrl: string,
  slug: string,
  page: string,
  interaction: PageInteraction | null,
) {
  return `${issuerOf(publicUrl, slug)}/${page}${interactionQuery(interaction)}`;
}
