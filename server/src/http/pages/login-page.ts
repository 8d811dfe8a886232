import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import type { LoginThrottle } from '../../domain/accounts/login-throttle.js';
import { signIn } from '../../domain/accounts/sign-in.js';
import { translator } from '../../locales/strings.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import { requireCsrf } from './csrf.js';
import { formField } from './form.js';
import {
  afterSignInUrl,
  interactionQuery,
  type PageInteraction,
  readInteraction,
} from './interaction.js';
import { startLoginSession } from './load-session.js';
import { type FormErrors, formErrorsOf, formMessage, NO_ERRORS } from './page-errors.js';
import { pickLocale, renderPage } from './render.js';

/** `GET/POST {issuer}/login`: the password sign-in form. */
export function loginPage(container: Container, throttle: LoginThrottle): Router {
  const { config } = container;
  const router = Router({ mergeParams: true });

  router.get('/login', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    if (req.loginSession && !interaction) {
      return res.redirect(303, afterSignInUrl(config.publicUrl, tenantOf(req).slug, null));
    }
    await showLogin(req, res, interaction, interaction?.pending.loginHint ?? '', NO_ERRORS);
  });

  router.post('/login', requireCsrf(container), async (req, res) => {
    const tenant = tenantOf(req);
    const interaction = await readInteraction(container.cache, req);
    const email = formField(req, 'email', 320);
    const password = formField(req, 'password', 1024);
    const t = translator(pickLocale(req));
    let outcome: Awaited<ReturnType<typeof signIn>>;
    try {
      outcome = await signIn(
        container,
        throttle,
        tenant,
        { email, password },
        {
          ip: req.ip ?? '',
          userAgent: req.get('user-agent') ?? null,
          actor: { type: 'user', ip: req.ip },
        },
      );
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return showLogin(req, res, interaction, email, errors, 400);
    }
    if (outcome.status === 'throttled') {
      const message = throttledMessage(req, res, outcome.retryAfterSeconds);
      return showLogin(req, res, interaction, email, message, 429);
    }
    if (outcome.status === 'failed') {
      return showLogin(req, res, interaction, email, formMessage(t('login.failed')), 401);
    }
    if (outcome.status === 'unverified') {
      return showLogin(req, res, interaction, email, formMessage(t('login.unverified')), 403, true);
    }
    await startLoginSession(container, req, res, tenant, { userId: outcome.user.id, amr: ['pwd'] });
    res.redirect(303, afterSignInUrl(config.publicUrl, tenant.slug, interaction));
  });

  async function showLogin(
    req: Request,
    res: Response,
    interaction: PageInteraction | null,
    email: string,
    errors: FormErrors,
    status = 200,
    showResend = false,
  ) {
    const tenant = tenantOf(req);
    await renderPage(
      req,
      res,
      'login',
      {
        ...errors,
        email,
        clientName: interaction?.pending.clientName ?? null,
        query: interactionQuery(interaction),
        signupEnabled: tenant.settings.signupEnabled,
        showResend,
        locale: pickLocale(req, interaction?.pending.uiLocales.join(' ')),
      },
      status,
    );
  }

  return router;
}

/** The lock's answer, shared with the account page: `Retry-After` and "wait N minutes". */
export function throttledMessage(req: Request, res: Response, retryAfterSeconds: number) {
  res.set('Retry-After', String(retryAfterSeconds));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return formMessage(translator(pickLocale(req))('login.throttled', { minutes }));
}

export function tenantOf(req: Request): TenantRow {
  if (!req.tenant) throw new Error('the tenant was not resolved');
  return req.tenant;
}
