import oauth2orize from 'oauth2orize';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { tokenError } from './errors.js';
import type { ProtocolStep } from './protocol-request.js';

const SUPPORTED = new Set(['client_credentials', 'authorization_code', 'refresh_token']);

/**
 * `POST {issuer}/token` (RFC 6749 §3.2): authenticate the client, then hand the request to the
 * oauth2orize exchange registered for its `grant_type` (a file per grant under grants/). The
 * protocol lane reads the form before and writes every error in the RFC's shape after.
 */
export function tokenEndpoint(
  clientAuth: ClientAuthOptions,
  exchanges: Record<string, oauth2orize.MiddlewareFunction>,
): ProtocolStep[] {
  const server = oauth2orize.createServer();
  for (const [grantType, exchange] of Object.entries(exchanges))
    server.exchange(grantType, exchange);
  return [
    requireKnownGrantType(exchanges),
    authenticateClient(clientAuth),
    server.token() as unknown as ProtocolStep,
  ];
}

/** Refuses a missing or unknown grant type before the client is even authenticated. */
function requireKnownGrantType(exchanges: Record<string, unknown>): ProtocolStep {
  return (req, _res, next) => {
    const grantType = req.body.grant_type;
    if (!grantType) return next(tokenError('invalid_request', 'grant_type is required.'));
    if (!SUPPORTED.has(grantType) || !exchanges[grantType]) {
      return next(tokenError('unsupported_grant_type', 'This grant type is not supported.'));
    }
    next();
  };
}
