import { type NextFunction, type Request, type Response, Router } from 'express';
import oauth2orize from 'oauth2orize';
import type { Logger } from '../../logging/logger.js';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { handleTokenErrors, tokenError } from './errors.js';
import { readOAuthForm } from './form-body.js';

const SUPPORTED = new Set(['client_credentials', 'authorization_code', 'refresh_token']);

/**
 * `POST {issuer}/token` (RFC 6749 §3.2): read the form, authenticate the client, then hand the
 * request to the oauth2orize exchange registered for its `grant_type` (a file per grant under
 * grants/). Every error leaves through handleTokenErrors in the RFC's shape.
 */
export function tokenRoutes(
  logger: Logger,
  clientAuth: ClientAuthOptions,
  exchanges: Record<string, oauth2orize.MiddlewareFunction>,
): Router {
  const server = oauth2orize.createServer();
  for (const [grantType, exchange] of Object.entries(exchanges))
    server.exchange(grantType, exchange);

  const router = Router({ mergeParams: true });
  router.post(
    '/token',
    readOAuthForm,
    requireKnownGrantType(exchanges),
    authenticateClient(clientAuth),
    server.token(),
    handleTokenErrors(logger),
  );
  router.all(
    '/token',
    (_req: Request, _res: Response, next: NextFunction) =>
      next(tokenError('invalid_request', 'Use POST.')),
    handleTokenErrors(logger),
  );
  return router;
}

/** Refuses a missing or unknown grant type before the client is even authenticated. */
function requireKnownGrantType(exchanges: Record<string, unknown>) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const grantType = (req.body as Record<string, string>).grant_type;
    if (!grantType) return next(tokenError('invalid_request', 'grant_type is required.'));
    if (!SUPPORTED.has(grantType) || !exchanges[grantType]) {
      return next(tokenError('unsupported_grant_type', 'This grant type is not supported.'));
    }
    next();
  };
}
