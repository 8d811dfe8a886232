import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import {
  PASSWORD_RESET_ASKED,
  recordAccountRequest,
} from '../../domain/accounts/account-requests.js';
import { completePasswordReset } from '../../domain/accounts/password-reset.js';
import { isUserTokenLive } from '../../domain/accounts/user-tokens.js';
import { normalizeEmail } from '../../domain/users/email.js';
import { requireCsrf } from './csrf.js';
import { formField } from './form.js';
import { interactionQuery, type PageInteraction, readInteraction } from './interaction.js';
import { endLoginSession } from './load-session.js';
import { tenantOf } from './login-page.js';
import { formErrorsOf, NO_ERRORS } from './page-errors.js';
import { renderPage } from './render.js';

/** `GET/POST {issuer}/forgot` and `GET/POST {issuer}/reset?token=` (the mailed link). */
export function resetPages(container: Container): Router {
  const router = Router({ mergeParams: true });

  router.get('/forgot', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const email = interaction?.pending.loginHint ?? '';
    await renderPage(req, res, 'forgot', {
      ...NO_ERRORS,
      query: interactionQuery(interaction),
      email,
    });
  });

  router.post('/forgot', requireCsrf(container), async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const query = interactionQuery(interaction);
    const email = formField(req, 'email', 320);
    try {
      normalizeEmail(email);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return renderPage(req, res, 'forgot', { ...errors, query, email }, 400);
    }
    // One outbox event, whoever owns the address (C-ENUM-1); the worker looks the account up.
    // It commits before the page answers, so a crash after the answer loses nothing.
    const actor = { type: 'user' as const, ip: req.ip };
    await recordAccountRequest(
      container,
      tenantOf(req),
      PASSWORD_RESET_ASKED,
      email,
      actor,
      interaction?.id ?? null,
    );
    await renderPage(req, res, 'message', {
      titleKey: 'check_mail.title',
      messageKey: 'check_mail.forgot',
      vars: { email: email.trim() },
      linkHref: `${req.baseUrl}/login${query}`,
      linkKey: 'check_mail.back',
    });
  });

  router.get('/reset', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const live = await isUserTokenLive(
      container.db.em(),
      container.crypto.hasher,
      tenantOf(req).id,
      'reset_password',
      token,
    );
    if (!live) return showDeadLink(req, res, interaction);
    await renderPage(req, res, 'reset', {
      ...NO_ERRORS,
      token,
      query: interactionQuery(interaction),
    });
  });

  router.post('/reset', requireCsrf(container), async (req, res) => {
    const tenant = tenantOf(req);
    const interaction = await readInteraction(container.cache, req);
    const token = formField(req, 'token', 100);
    let user: Awaited<ReturnType<typeof completePasswordReset>>;
    try {
      const actor = { type: 'user' as const, ip: req.ip };
      user = await completePasswordReset(
        container,
        tenant,
        token,
        formField(req, 'password', 1024),
        actor,
      );
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      const query = interactionQuery(interaction);
      return renderPage(req, res, 'reset', { ...errors, token, query }, 400);
    }
    if (!user) return showDeadLink(req, res, interaction);
    // Every session of the user ended; this browser's cookie goes too.
    await endLoginSession(container, req, res, 'password_reset');
    await renderPage(req, res, 'message', {
      titleKey: 'reset.done_title',
      messageKey: 'reset.done',
      linkHref: `${req.baseUrl}/login${interactionQuery(interaction)}`,
      linkKey: 'verify.continue',
    });
  });

  async function showDeadLink(req: Request, res: Response, interaction: PageInteraction | null) {
    await renderPage(
      req,
      res,
      'message',
      {
        titleKey: 'reset.invalid_title',
        messageKey: 'reset.invalid',
        linkHref: `${req.baseUrl}/forgot${interactionQuery(interaction)}`,
        linkKey: 'reset.ask_again',
      },
      400,
    );
  }

  return router;
}
