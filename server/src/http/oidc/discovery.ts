import { type Request, type Response, Router } from 'express';
import type { Directory } from '../../domain/directory.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { allowedMethods } from '../allow.js';
import { CLIENT_AUTH_METHODS } from '../oauth2/client-auth.js';
import { sendMethodNotAllowed } from '../problem.js';

export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
export const SUPPORTED_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'sid',
  'at_hash',
  'name',
  'given_name',
  'family_name',
  'locale',
  'email',
  'email_verified',
];

/** The OpenID Provider metadata of one tenant: exactly what this issuer supports, nothing more. */
export function describeProvider(issuer: string, idTokenAlgs: string[]) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/revoke`,
    introspection_endpoint: `${issuer}/introspect`,
    end_session_endpoint: `${issuer}/logout`,
    scopes_supported: SUPPORTED_SCOPES,
    claims_supported: SUPPORTED_CLAIMS,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: idTokenAlgs,
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // Introspection is for confidential clients only (a public client holds no secret to prove).
    introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS.filter(
      (method) => method !== 'none',
    ),
    prompt_values_supported: ['none', 'login', 'consent'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    authorization_response_iss_parameter_supported: true,
  };
}

/** `GET {issuer}/.well-known/openid-configuration` and `GET {issuer}/.well-known/jwks.json`. */
export function discoveryRoutes(directory: Directory, publicUrl: string): Router {
  const router = Router({ mergeParams: true });

  router.get('/.well-known/openid-configuration', async (req: Request, res: Response) => {
    const tenant = req.tenant!;
    const keys = await directory.tenantKeys(tenant.id);
    const algs = keys ? [keys.active.alg] : [];
    res.set('Cache-Control', 'public, max-age=300');
    res.json(describeProvider(issuerOf(publicUrl, tenant.slug), algs));
  });

  router.get('/.well-known/jwks.json', async (req: Request, res: Response) => {
    const keys = await directory.tenantKeys(req.tenant!.id);
    const published = keys ? [...keys.published.values()].map((entry) => entry.jwk) : [];
    // Short enough that a key published ahead of rotation is fetched well before it signs.
    res.set('Cache-Control', 'public, max-age=300');
    res.type('application/jwk-set+json').send(JSON.stringify({ keys: published }));
  });
  return router;
}

/** The metadata or the keys asked with another method (`PUT`): 405 with `Allow`, as a problem. */
export function refuseMetadataMethod(req: Request, res: Response): void {
  sendMethodNotAllowed(res, req.method, allowedMethods(['GET']));
}
