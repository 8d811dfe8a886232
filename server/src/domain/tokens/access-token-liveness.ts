import type { Directory } from '../directory.js';
import type { AccessTokenClaims } from './access-tokens.js';
import type { RevocationList } from './revocation-list.js';

export interface LivenessDeps {
  directory: Directory;
  revocations: RevocationList;
}

/**
 * Whether a verified access token still stands at its tenant: the client it was issued to still
 * exists there, and the token is not on the revocation list. Client-credentials tokens are on no
 * list (nothing is stored per token), so a deleted client's tokens die here, with the client.
 */
export async function isAccessTokenLive(
  deps: LivenessDeps,
  tenantId: string,
  claims: AccessTokenClaims,
): Promise<boolean> {
  const client = await deps.directory.clientById(claims.client_id);
  if (!client || client.tenantId !== tenantId) return false;
  return !(await deps.revocations.isRevoked(tenantId, claims.jti));
}
