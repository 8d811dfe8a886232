import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import {
  recordAccountRequest,
  VERIFICATION_ASKED,
} from '../../domain/accounts/account-requests.js';
import { isUserTokenLive } from '../../domain/accounts/user-tokens.js';
import { verifyEmail } from '../../domain/accounts/verification.js';
import { normalizeEmail } from '../../domain/users/email.js';
import { requireCsrf } from './csrf.js';
import { formField } from './form.js';
import { interactionQuery, type PageInteraction, readInteraction } from './interaction.js';
import { tenantOf } from './login-page.js';
import { formErrorsOf, NO_ERRORS } from './page-errors.js';
import { renderPage } from './render.js';

/**
 * `GET/POST {issuer}/verify?token=` (the mailed link) and `GET/POST {issuer}/resend-verification`.
 * Opening the link only shows a button: mail scanners and link previews fetch links, so the
 * token is used up by the POST of that button alone, never by a GET.
 */
export function verifyPages(container: Container): Router {
  const router = Router({ mergeParams: true });

  router.get('/verify', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const live = await isUserTokenLive(
      container.db.em(),
      container.crypto.hasher,
      tenantOf(req).id,
      'verify_email',
      token,
    );
    if (!live) return showVerifyOutcome(req, res, interaction, false);
    await renderPage(req, res, 'verify', { token, query: interactionQuery(interaction) });
  });

  router.post('/verify', requireCsrf(container), async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const token = formField(req, 'token', 100);
    const user = await verifyEmail(container, tenantOf(req), token, { type: 'user', ip: req.ip });
    await showVerifyOutcome(req, res, interaction, user !== null);
  });

  router.get('/resend-verification', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    await renderPage(req, res, 'forgot', resendForm(interactionQuery(interaction), ''));
  });

  router.post('/resend-verification', requireCsrf(container), async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const query = interactionQuery(interaction);
    const email = formField(req, 'email', 320);
    try {
      normalizeEmail(email);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return renderPage(req, res, 'forgot', { ...resendForm(query, email), ...errors }, 400);
    }
    // As forgot-password: one outbox event either way, committed before the page answers.
    const actor = { type: 'user' as const, ip: req.ip };
    await recordAccountRequest(
      container,
      tenantOf(req),
      VERIFICATION_ASKED,
      email,
      actor,
      interaction?.id ?? null,
    );
    await renderPage(req, res, 'message', {
      titleKey: 'check_mail.title',
      messageKey: 'check_mail.resend',
      vars: { email: email.trim() },
      linkHref: `${req.baseUrl}/login${query}`,
      linkKey: 'check_mail.back',
    });
  });

  return router;
}

async function showVerifyOutcome(
  req: Request,
  res: Response,
  interaction: PageInteraction | null,
  verified: boolean,
) {
  await renderPage(
    req,
    res,
    'message',
    {
      titleKey: verified ? 'verify.done_title' : 'verify.invalid_title',
      messageKey: verified ? 'verify.done' : 'verify.invalid',
      linkHref: `${req.baseUrl}/login${interactionQuery(interaction)}`,
      linkKey: 'verify.continue',
    },
    verified ? 200 : 400,
  );
}

function resendForm(query: string, email: string) {
  return {
    ...NO_ERRORS,
    query,
    email,
    action: 'resend-verification',
    titleKey: 'resend.title',
    introKey: 'resend.intro',
    submitKey: 'resend.submit',
  };
}
