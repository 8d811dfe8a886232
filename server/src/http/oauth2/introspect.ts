import { type NextFunction, type Request, type Response, Router } from 'express';
import type { SecretHasher } from '../../domain/crypto/secret-hash.js';
import type { Directory } from '../../domain/directory.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { inspectToken } from '../../domain/tokens/inspect-token.js';
import type { RevocationList } from '../../domain/tokens/revocation-list.js';
import type { Logger } from '../../logging/logger.js';
import type { Database } from '../../persistence/database.js';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { handleTokenErrors, tokenError } from './errors.js';
import { readOAuthForm } from './form-body.js';

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
export function introspectionRoutes(
  deps: IntrospectionDeps,
  clientAuth: ClientAuthOptions,
): Router {
  const router = Router({ mergeParams: true });
  router.post(
    '/introspect',
    readOAuthForm,
    authenticateClient(clientAuth),
    requireConfidential,
    (req: Request, res: Response, next: NextFunction) =>
      void introspect(deps, req, res).catch(next),
    handleTokenErrors(deps.logger),
  );
  return router;
}

function requireConfidential(req: Request, _res: Response, next: NextFunction): void {
  if (req.oauthClient?.type !== 'confidential') {
    return next(tokenError('invalid_client', 'Only confidential clients may introspect tokens.'));
  }
  next();
}

async function introspect(deps: IntrospectionDeps, req: Request, res: Response): Promise<void> {
  const body = req.body as Record<string, string | undefined>;
  if (!body.token) throw tokenError('invalid_request', 'token is required.');
  const tenant = req.tenant!;
  const keys = await deps.directory.tenantKeys(tenant.id);
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const found = keys
    ? await inspectToken(deps, { id: tenant.id, issuer, keys }, body.token, body.token_type_hint)
    : null;
  res.set('Cache-Control', 'no-store');
  if (!found || (found.kind === 'refresh_token' && found.clientId !== req.oauthClient!.clientId)) {
    res.json({ active: false });
    return;
  }
  if (found.kind === 'refresh_token') {
    res.json({
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
  res.json({
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
