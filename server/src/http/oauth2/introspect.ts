import type { ServerResponse } from 'node:http';
import type { SecretHasher } from '../../domain/crypto/secret-hash.js';
import type { Directory } from '../../domain/directory.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { inspectToken } from '../../domain/tokens/inspect-token.js';
import type { RevocationList } from '../../domain/tokens/revocation-list.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../persistence/database.js';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { sendProtocolJson, tokenError } from './errors.js';
import type { ProtocolRequest, ProtocolStep } from './protocol-request.js';

export interface IntrospectionDeps {
  db: Database;
  directory: Directory;
  hasher: SecretHasher;
  revocations: RevocationList;
  publicUrl: string;
  logger: Logger;
}

/**
 * `POST {issuer}/introspect` (RFC 7662) for confidential clients (resource servers). Anything
 * not live at this tenant is `{"active": false}` and nothing more; a refresh token is described
 * only to the client that holds it.
 */
export function introspectionEndpoint(
  deps: IntrospectionDeps,
  clientAuth: ClientAuthOptions,
): ProtocolStep[] {
  return [
    authenticateClient(clientAuth),
    requireConfidential,
    (req, res) => introspect(deps, req, res),
  ];
}

const requireConfidential: ProtocolStep = (req, _res, next) => {
  if (req.oauthClient?.type !== 'confidential') {
    return next(tokenError('invalid_client', 'Only confidential clients may introspect tokens.'));
  }
  next();
};

async function introspect(
  deps: IntrospectionDeps,
  req: ProtocolRequest,
  res: ServerResponse,
): Promise<void> {
  const body = req.body;
  if (!body.token) throw tokenError('invalid_request', 'token is required.');
  const tenant = req.tenant;
  const keys = await deps.directory.tenantKeys(tenant.id);
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const found = keys
    ? await inspectToken(deps, { id: tenant.id, issuer, keys }, body.token, body.token_type_hint)
    : null;
  if (!found || (found.kind === 'refresh_token' && found.clientId !== req.oauthClient!.clientId)) {
    sendProtocolJson(res, 200, { active: false });
    return;
  }
  if (found.kind === 'refresh_token') {
    sendProtocolJson(res, 200, {
      active: true,
      token_type: 'refresh_token',
      client_id: found.clientId,
      sub: found.userId,
      scope: found.scope,
      exp: found.exp,
      iat: found.iat,
      iss: issuer,
    });
    return;
  }
  const { claims } = found;
  sendProtocolJson(res, 200, {
    active: true,
    token_type: 'Bearer',
    scope: claims.scope,
    client_id: claims.client_id,
    sub: claims.sub,
    aud: claims.aud,
    iss: claims.iss,
    exp: claims.exp,
    iat: claims.iat,
    jti: claims.jti,
  });
}
