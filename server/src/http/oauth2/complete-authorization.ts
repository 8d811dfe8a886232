import type { Request, Response } from 'express';
import { issueAuthorizationCode } from '../../domain/authorization/codes.js';
import { hasConsent } from '../../domain/authorization/consent.js';
import {
  deleteInteraction,
  type PendingAuthorization,
  saveInteraction,
} from '../../domain/authorization/interactions.js';
import type { LoginSession } from '../../domain/sessions/index.js';
import { publicSessionId } from '../../domain/tokens/session-ref.js';
import { findUserById } from '../../domain/users/users.js';
import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import { redirectToClient, redirectWithError } from './authorization-response.js';
import type { AuthorizeDeps } from './authorize-deps.js';
import { clearBindingCookie, newBinding, setBindingCookie } from './interaction-binding.js';

export interface Progress {
  pending: PendingAuthorization;
  client: OAuthClientRow;
  issuer: string;
  /** The interaction id, once the request has been stored. */
  interactionId: string | null;
  /** True right after the user approved on the consent page. */
  consentGiven?: boolean;
}

/**
 * Whether the session answers this request: fresh enough (prompt=login, max_age), and of the
 * user an id_token_hint named. A session of someone else that predates the request needs a
 * sign-in; one made after it, by whoever signed in on our page, is taken as the user's choice.
 */
function sessionSatisfies(pending: PendingAuthorization, session: LoginSession | undefined) {
  if (!session) return false;
  const signedInBefore = session.authTime < pending.createdAt;
  if (pending.prompt.includes('login') && signedInBefore) return false;
  if (pending.hintedSubject && pending.hintedSubject !== session.userId && signedInBefore) {
    return false;
  }
  const now = Math.floor(Date.now() / 1000);
  return pending.maxAge === null || now - session.authTime <= pending.maxAge;
}

/** Stores a new request, bound to this browser by a cookie whose secret only it holds. */
async function startInteraction(deps: AuthorizeDeps, req: Request, res: Response, step: Progress) {
  const { secret, hash } = newBinding(deps.hasher);
  const interactionId = await saveInteraction(deps.cache, { ...step.pending, binding: hash });
  setBindingCookie(req, res, {
    publicUrl: deps.publicUrl,
    issuer: step.issuer,
    interactionId,
    secret,
  });
  return interactionId;
}

async function sendTo(
  deps: AuthorizeDeps,
  req: Request,
  res: Response,
  step: Progress,
  page: string,
) {
  const id = step.interactionId ?? (await startInteraction(deps, req, res, step));
  res.set('Cache-Control', 'no-store');
  res.redirect(req.method === 'POST' ? 303 : 302, `${step.issuer}/${page}?interaction=${id}`);
}

/**
 * The decision after a valid request, and again after sign-in or consent: sign-in needed →
 * the hosted login page; consent needed → our consent page; otherwise a code to the client.
 * With `prompt=none` nothing may be shown, so each "needed" becomes an error to the client.
 */
export async function continueAuthorization(
  deps: AuthorizeDeps,
  req: Request,
  res: Response,
  step: Progress,
): Promise<void> {
  const { pending, client } = step;
  const target = { redirectUri: pending.redirectUri, state: pending.state, issuer: step.issuer };
  const session = req.loginSession;
  const user = session ? await findUserById(deps.db.em(), pending.tenantId, session.userId) : null;
  if (!session || user?.status !== 'active' || !sessionSatisfies(pending, session)) {
    if (pending.prompt.includes('none')) {
      return redirectWithError(req, res, target, 'login_required', 'The user must sign in.');
    }
    return sendTo(deps, req, res, step, 'login');
  }

  const needsConsent =
    !client.firstParty &&
    !step.consentGiven &&
    (pending.prompt.includes('consent') ||
      !(await hasConsent(deps.db.em(), pending.tenantId, user.id, client.clientId, pending.scope)));
  if (needsConsent) {
    if (pending.prompt.includes('none')) {
      return redirectWithError(
        req,
        res,
        target,
        'consent_required',
        'The user must approve this client.',
      );
    }
    return sendTo(deps, req, res, step, 'consent');
  }

  const code = await deps.db.transaction((em) =>
    issueAuthorizationCode(em, deps.hasher, {
      tenantId: pending.tenantId,
      clientId: client.clientId,
      userId: user.id,
      scope: pending.scope.join(' '),
      sid: publicSessionId(session.id),
      authTime: session.authTime,
      acr: session.acr,
      amr: session.amr,
      resource: pending.resource,
      redirectUri: pending.redirectUri,
      codeChallenge: pending.codeChallenge,
      nonce: pending.nonce,
    }),
  );
  if (step.interactionId) {
    await deleteInteraction(deps.cache, pending.tenantId, step.interactionId);
    clearBindingCookie(res, {
      issuer: step.issuer,
      publicUrl: deps.publicUrl,
      interactionId: step.interactionId,
    });
  }
  redirectToClient(req, res, pending.redirectUri, { code, state: pending.state, iss: step.issuer });
}
