import { timingSafeEqual } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { rememberConsent } from '../../domain/authorization/consent.js';
import { deleteInteraction, findInteraction } from '../../domain/authorization/interactions.js';
import { matchRedirectUri } from '../../domain/authorization/redirect-uris.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { formField, pagePipeline, renderPage, requireCsrf } from '../pages/index.js';
import { redirectWithError, showAuthorizationError } from './authorization-response.js';
import type { AuthorizeDeps } from './authorize-deps.js';
import { continueAuthorization } from './complete-authorization.js';
import { clearBindingCookie, isBoundToBrowser } from './interaction-binding.js';

/**
 * The consent token: a keyed hash of the session and the interaction, so an approval is valid
 * only from the browser that signed in, for the one request on screen (C-CONSENT-1). Deleting
 * the interaction when it is answered makes an old token stale.
 */
function consentToken(
  deps: AuthorizeDeps,
  tenantId: string,
  sessionId: string,
  interaction: string,
) {
  return deps.hasher.hash(`consent/v1:${tenantId}:${sessionId}:${interaction}`).slice(7);
}

function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `GET {issuer}/consent` shows what the client asks for; `POST` records the user's answer. */
export function consentRoutes(container: Container, deps: AuthorizeDeps): Router {
  const router = Router({ mergeParams: true });
  const pages = pagePipeline(container);

  router.get('/consent', ...pages, (req: Request, res: Response) => showConsent(deps, req, res));
  router.post('/consent', ...pages, requireCsrf(container), (req: Request, res: Response) =>
    answerConsent(deps, req, res),
  );
  return router;
}

async function load(deps: AuthorizeDeps, req: Request, id: string) {
  const tenant = req.tenant!;
  const pending = await findInteraction(deps.cache, tenant.id, id);
  const client = pending ? await deps.directory.clientById(pending.clientId) : null;
  if (!pending || !client || client.tenantId !== tenant.id) return null;
  if (!matchRedirectUri(client.redirectUris, pending.redirectUri)) return null;
  return { pending, client, issuer: issuerOf(deps.publicUrl, tenant.slug) };
}

async function showConsent(deps: AuthorizeDeps, req: Request, res: Response): Promise<void> {
  // Consent is given by a form post only: a link that claims to approve is refused outright.
  if (req.query.allow !== undefined || req.query.decision !== undefined) {
    return renderPage(
      req,
      res,
      'message',
      { titleKey: 'csrf.title', messageKey: 'consent.post_only' },
      403,
    );
  }
  const id = typeof req.query.interaction === 'string' ? req.query.interaction : '';
  const found = await load(deps, req, id);
  if (!found) return showAuthorizationError(req, res, 400, 'authorize.expired');
  if (!isBoundToBrowser(req, deps.hasher, id, found.pending.binding)) {
    return showAuthorizationError(req, res, 403, 'authorize.other_browser');
  }
  const session = req.loginSession;
  if (!session) {
    res.redirect(302, `${found.issuer}/login?interaction=${id}`);
    return;
  }
  await renderPage(req, res, 'consent', {
    clientName: found.client.name,
    scopes: found.pending.scope,
    interaction: id,
    consentToken: consentToken(deps, req.tenant!.id, session.id, id),
  });
}

async function answerConsent(deps: AuthorizeDeps, req: Request, res: Response): Promise<void> {
  const id = formField(req, 'interaction', 64);
  const found = await load(deps, req, id);
  if (!found) return showAuthorizationError(req, res, 400, 'authorize.expired');
  if (!isBoundToBrowser(req, deps.hasher, id, found.pending.binding)) {
    return showAuthorizationError(req, res, 403, 'authorize.other_browser');
  }
  const session = req.loginSession;
  const sent = formField(req, 'consent_token', 128);
  if (!session || !sameString(sent, consentToken(deps, req.tenant!.id, session.id, id))) {
    return renderPage(
      req,
      res,
      'message',
      { titleKey: 'csrf.title', messageKey: 'csrf.message' },
      403,
    );
  }
  const { pending, client, issuer } = found;
  if (formField(req, 'decision', 16) !== 'allow') {
    await deleteInteraction(deps.cache, pending.tenantId, id);
    clearBindingCookie(res, { publicUrl: deps.publicUrl, issuer, interactionId: id });
    const target = { redirectUri: pending.redirectUri, state: pending.state, issuer };
    return redirectWithError(req, res, target, 'access_denied', 'The user declined.');
  }
  await deps.db.transaction((em) =>
    rememberConsent(em, pending.tenantId, session.userId, client.clientId, pending.scope),
  );
  await continueAuthorization(deps, req, res, {
    pending,
    client,
    issuer,
    interactionId: id,
    consentGiven: true,
  });
}
