import express, { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { findInteraction } from '../../domain/authorization/interactions.js';
import { matchRedirectUri } from '../../domain/authorization/redirect-uris.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { readIdTokenHint } from '../../domain/tokens/id-token-hint.js';
import { pagePipeline } from '../pages/index.js';
import { redirectWithError, showAuthorizationError } from './authorization-response.js';
import type { AuthorizeDeps } from './authorize-deps.js';
import { readAuthorizeParams, validateAuthorizeParams } from './authorize-request.js';
import { continueAuthorization } from './complete-authorization.js';
import { isBoundToBrowser } from './interaction-binding.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });

/**
 * `{issuer}/authorize` (GET and POST, RFC 6749 §4.1.1, OIDC Core §3.1.2) and
 * `{issuer}/authorize/resume`, where the hosted sign-in sends the browser back. The client and
 * its redirect URI are checked first; until both hold, errors stay on our own page.
 */
export function authorizeRoutes(container: Container, deps: AuthorizeDeps): Router {
  const router = Router({ mergeParams: true });
  const pages = pagePipeline(container);

  router.get('/authorize', ...pages, (req: Request, res: Response) => authorize(deps, req, res));
  router.post('/authorize', ...pages, parseForm, (req: Request, res: Response) =>
    authorize(deps, req, res),
  );
  router.get('/authorize/resume', ...pages, (req: Request, res: Response) =>
    resume(deps, req, res),
  );
  return router;
}

async function authorize(deps: AuthorizeDeps, req: Request, res: Response): Promise<void> {
  const tenant = req.tenant!;
  const params = readAuthorizeParams(req);
  if (!params) return showAuthorizationError(req, res, 400, 'authorize.malformed');
  const client = params.client_id ? await deps.directory.clientById(params.client_id) : null;
  if (!client || client.tenantId !== tenant.id) {
    return showAuthorizationError(req, res, 400, 'authorize.unknown_client');
  }
  // OpenID Connect requires redirect_uri on every request, even with one registered.
  if (!params.redirect_uri) {
    return showAuthorizationError(req, res, 400, 'authorize.missing_redirect_uri');
  }
  const redirectUri = matchRedirectUri(client.redirectUris, params.redirect_uri);
  if (!redirectUri) return showAuthorizationError(req, res, 400, 'authorize.bad_redirect_uri');

  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const pending = validateAuthorizeParams(params, client, tenant, issuer, redirectUri);
  const target = { redirectUri, state: params.state ?? null, issuer };
  if ('error' in pending) {
    return redirectWithError(req, res, target, pending.error, pending.description);
  }
  if (params.id_token_hint !== undefined) {
    const keys = await deps.directory.tenantKeys(tenant.id);
    const hint = keys ? await readIdTokenHint(keys, issuer, params.id_token_hint) : null;
    if (!hint || hint.clientId !== client.clientId) {
      const why = 'id_token_hint is not an ID token this issuer gave this client.';
      return redirectWithError(req, res, target, 'invalid_request', why);
    }
    pending.hintedSubject = hint.sub;
  }
  await continueAuthorization(deps, req, res, { pending, client, issuer, interactionId: null });
}

/** After sign-in: the stored request continues where it stopped. */
async function resume(deps: AuthorizeDeps, req: Request, res: Response): Promise<void> {
  const tenant = req.tenant!;
  const id = typeof req.query.interaction === 'string' ? req.query.interaction : '';
  const pending = await findInteraction(deps.cache, tenant.id, id);
  const client = pending ? await deps.directory.clientById(pending.clientId) : null;
  if (!pending || !client || client.tenantId !== tenant.id) {
    return showAuthorizationError(req, res, 400, 'authorize.expired');
  }
  // Whoever else learnt the id (a leaked URL or mail) must not finish the request as themselves;
  // the request may not even be theirs, so nothing goes to the client.
  if (!isBoundToBrowser(req, deps.hasher, id, pending.binding)) {
    return showAuthorizationError(req, res, 403, 'authorize.other_browser');
  }
  // The client may have changed while the user signed in: its redirect URI must still hold.
  if (!matchRedirectUri(client.redirectUris, pending.redirectUri)) {
    return showAuthorizationError(req, res, 400, 'authorize.bad_redirect_uri');
  }
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  await continueAuthorization(deps, req, res, { pending, client, issuer, interactionId: id });
}
