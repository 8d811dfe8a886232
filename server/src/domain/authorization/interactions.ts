import { randomBytes } from 'node:crypto';
import type { Cache } from '../../adapters/cache/cache.js';

/** How long a user has to sign in (and consent) before the authorization request is forgotten. */
export const INTERACTION_TTL_SECONDS = 600;

/** A validated authorization request waiting for the user to sign in or consent. */
export interface PendingAuthorization {
  tenantId: string;
  clientId: string;
  clientName: string;
  redirectUri: string;
  scope: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  prompt: string[];
  maxAge: number | null;
  loginHint: string | null;
  uiLocales: string[];
  resource: string[];
  /**
   * The user an `id_token_hint` named (OIDC Core §3.1.2.1): a session of anyone else does not
   * answer this request silently. Absent or null: no hint.
   */
  hintedSubject?: string | null;
  /** Epoch seconds; `prompt=login` needs a sign-in at or after this moment. */
  createdAt: number;
  /**
   * Hash of the secret in the starting browser's binding cookie; resume and consent refuse a
   * browser without it. Absent means no browser can continue the request.
   */
  binding?: string;
}

const keyOf = (tenantId: string, id: string) => `authz:interaction:${tenantId}:${id}`;
const ID = /^[A-Za-z0-9_-]{43}$/;

/** Stores a pending request under a new random id, which travels in the login page's URL. */
export async function saveInteraction(
  cache: Cache,
  pending: PendingAuthorization,
  id = randomBytes(32).toString('base64url'),
): Promise<string> {
  await cache.set(keyOf(pending.tenantId, id), JSON.stringify(pending), INTERACTION_TTL_SECONDS);
  return id;
}

/**
 * The pending request behind an interaction id, for this tenant only; null when unknown or
 * expired. The hosted pages read `loginHint`, `uiLocales`, `prompt` and `clientName` to prefill.
 */
export async function findInteraction(
  cache: Cache,
  tenantId: string,
  id: string,
): Promise<PendingAuthorization | null> {
  if (!ID.test(id)) return null;
  const raw = await cache.get(keyOf(tenantId, id));
  if (!raw) return null;
  const pending = JSON.parse(raw) as PendingAuthorization;
  return pending.tenantId === tenantId ? pending : null;
}

/** Forgets an interaction once it is answered, so its consent token cannot be replayed. */
export async function deleteInteraction(cache: Cache, tenantId: string, id: string) {
  await cache.delete(keyOf(tenantId, id));
}
