import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { readIdTokenHint } from '../../domain/tokens/id-token-hint.js';
import { revokeTokensForSession } from '../../domain/tokens/revocation.js';
import {
  endLoginSession,
  formField,
  pagePipeline,
  renderPage,
  requireCsrf,
} from '../pages/index.js';

const PENDING_TTL_SECONDS = 600;
const keyOf = (tenantId: string, id: string) => `logout:${tenantId}:${id}`;

interface PendingLogout {
  /** Set only when the hint verified and the URI is registered, exactly, for its client. */
  redirectUri: string | null;
  state: string | null;
}

/**
 * `{issuer}/logout`: the end-session endpoint (OIDC RP-Initiated Logout 1.0) and the hosted
 * sign-out. GET asks the user to confirm; the confirmation is a POST with the page's CSRF token.
 * The browser goes back to `post_logout_redirect_uri` only when a verified `id_token_hint`
 * names a client that registered exactly that URI; otherwise our own page says it is done.
 */
export function endSessionRoutes(container: Container): Router {
  const router = Router({ mergeParams: true });
  const pages = pagePipeline(container);

  router.get('/logout', ...pages, (req: Request, res: Response) =>
    askToSignOut(container, req, res),
  );
  router.post('/logout', ...pages, requireCsrf(container), (req: Request, res: Response) =>
    signOut(container, req, res),
  );
  return router;
}

/** Where the browser may go afterwards: nowhere unless every condition holds. */
async function validateReturn(container: Container, req: Request): Promise<PendingLogout> {
  const tenant = req.tenant!;
  const query = req.query as Record<string, unknown>;
  const text = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : null);
  const hintToken = text('id_token_hint');
  const uri = text('post_logout_redirect_uri');
  const none = { redirectUri: null, state: null };
  if (!hintToken || !uri) return none;
  const keys = await container.directory.tenantKeys(tenant.id);
  const issuer = issuerOf(container.config.publicUrl, tenant.slug);
  const hint = keys ? await readIdTokenHint(keys, issuer, hintToken) : null;
  if (!hint) return none;
  const clientId = text('client_id');
  if (clientId !== null && clientId !== hint.clientId) return none;
  const client = await container.directory.clientById(hint.clientId);
  if (!client || client.tenantId !== tenant.id) return none;
  if (!client.postLogoutRedirectUris.includes(uri)) return none;
  return { redirectUri: uri, state: text('state') };
}

function finish(req: Request, res: Response, target: PendingLogout): Promise<void> {
  if (target.redirectUri) {
    const url = new URL(target.redirectUri);
    if (target.state !== null) url.searchParams.set('state', target.state);
    res.redirect(req.method === 'POST' ? 303 : 302, url.toString());
    return Promise.resolve();
  }
  return renderPage(req, res, 'message', {
    titleKey: 'logout.done_title',
    messageKey: 'logout.done',
  });
}

async function askToSignOut(container: Container, req: Request, res: Response): Promise<void> {
  const target = await validateReturn(container, req);
  if (!req.loginSession) return finish(req, res, target);
  const id = randomBytes(24).toString('base64url');
  await container.cache.set(keyOf(req.tenant!.id, id), JSON.stringify(target), PENDING_TTL_SECONDS);
  await renderPage(req, res, 'logout', { logoutId: id });
}

async function signOut(container: Container, req: Request, res: Response): Promise<void> {
  const tenant = req.tenant!;
  const id = formField(req, 'logout', 64);
  const raw = /^[A-Za-z0-9_-]{32}$/.test(id)
    ? await container.cache.get(keyOf(tenant.id, id))
    : null;
  if (raw) await container.cache.delete(keyOf(tenant.id, id));
  const target: PendingLogout = raw
    ? (JSON.parse(raw) as PendingLogout)
    : { redirectUri: null, state: null };
  const session = req.loginSession;
  await endLoginSession(container, req, res, 'logout');
  if (session && tenant.settings.revokeRefreshTokensOnLogout) {
    await container.db.transaction((em) => revokeTokensForSession(em, tenant.id, session.id));
  }
  await finish(req, res, target);
}
