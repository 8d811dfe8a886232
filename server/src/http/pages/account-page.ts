import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { changeEmail } from '../../domain/accounts/change-email.js';
import { changePassword } from '../../domain/accounts/change-password.js';
import { AccountLockedError } from '../../domain/accounts/current-password.js';
import type { LoginThrottle } from '../../domain/accounts/login-throttle.js';
import { findUserById } from '../../domain/users/users.js';
import { translator } from '../../locales/strings.js';
import { requireCsrf } from './csrf.js';
import { formField } from './form.js';
import { pageUrl } from './interaction.js';
import { startLoginSession } from './load-session.js';
import { tenantOf, throttledMessage } from './login-page.js';
import { type FormErrors, formErrorsOf, NO_ERRORS } from './page-errors.js';
import { pickLocale, renderPage } from './render.js';

/** `GET {issuer}/account` and `POST {issuer}/account/password`: the signed-in user's page. */
export function accountPage(container: Container, throttle: LoginThrottle): Router {
  const router = Router({ mergeParams: true });

  router.get('/account', async (req, res) => {
    await showAccount(req, res, NO_ERRORS);
  });

  router.post('/account/password', requireCsrf(container), async (req, res) => {
    const session = req.loginSession;
    const tenant = tenantOf(req);
    if (!session)
      return res.redirect(303, pageUrl(container.config.publicUrl, tenant.slug, 'login', null));
    try {
      await changePassword(
        container,
        throttle,
        tenant,
        session.userId,
        {
          currentPassword: formField(req, 'current_password', 1024),
          newPassword: formField(req, 'new_password', 1024),
        },
        { type: 'user', ip: req.ip },
      );
    } catch (error) {
      if (error instanceof AccountLockedError) return showLocked(req, res, error);
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return showAccount(req, res, errors, 400);
    }
    // Every session ended, this one too; the browser continues in a new one (a new id).
    await startLoginSession(container, req, res, tenant, {
      userId: session.userId,
      amr: session.amr,
      acr: session.acr,
    });
    await showAccount(req, res, NO_ERRORS, 200, translator(pickLocale(req))('account.changed'));
  });

  router.post('/account/email', requireCsrf(container), async (req, res) => {
    const session = req.loginSession;
    const tenant = tenantOf(req);
    if (!session) {
      return res.redirect(303, pageUrl(container.config.publicUrl, tenant.slug, 'login', null));
    }
    const newEmail = formField(req, 'new_email', 320);
    try {
      await changeEmail(
        container,
        throttle,
        tenant,
        session.userId,
        { currentPassword: formField(req, 'email_current_password', 1024), newEmail },
        { type: 'user', ip: req.ip },
      );
    } catch (error) {
      if (error instanceof AccountLockedError) return showLocked(req, res, error);
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      // Two forms share one page: the current-password field of this one has its own id.
      const renamed = errors.errors.map((issue) =>
        issue.field === 'current_password' ? { ...issue, field: 'email_current_password' } : issue,
      );
      const fieldErrors = Object.fromEntries(renamed.map((issue) => [issue.field, issue.message]));
      return showAccount(req, res, { errors: renamed, fieldErrors }, 400);
    }
    const t = translator(pickLocale(req));
    await showAccount(
      req,
      res,
      NO_ERRORS,
      200,
      t('account.email_change_sent', { email: newEmail }),
    );
  });

  /** Locked by failed sign-ins (here or at sign-in): 429, as the sign-in page answers. */
  function showLocked(req: Request, res: Response, locked: AccountLockedError) {
    return showAccount(req, res, throttledMessage(req, res, locked.retryAfterSeconds), 429);
  }

  async function showAccount(
    req: Request,
    res: Response,
    errors: FormErrors,
    status = 200,
    notice?: string,
  ) {
    const tenant = tenantOf(req);
    const session = req.loginSession;
    const user = session ? await findUserById(container.db.em(), tenant.id, session.userId) : null;
    if (!user)
      return res.redirect(303, pageUrl(container.config.publicUrl, tenant.slug, 'login', null));
    await renderPage(
      req,
      res,
      'account',
      { ...errors, email: user.email, emailVerified: user.emailVerified, notice: notice ?? null },
      status,
    );
  }

  return router;
}
