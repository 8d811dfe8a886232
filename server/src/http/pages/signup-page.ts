import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { signUp, validateSignUp } from '../../domain/accounts/sign-up.js';
import { requireCsrf } from './csrf.js';
import { formField } from './form.js';
import { interactionQuery, type PageInteraction, readInteraction } from './interaction.js';
import { tenantOf } from './login-page.js';
import { type FormErrors, formErrorsOf, NO_ERRORS } from './page-errors.js';
import { pickLocale, renderPage } from './render.js';

/** `GET/POST {issuer}/signup`: self-registration, when the tenant allows it. */
export function signupPage(container: Container): Router {
  const router = Router({ mergeParams: true });

  router.get('/signup', async (req, res) => {
    const interaction = await readInteraction(container.cache, req);
    if (!tenantOf(req).settings.signupEnabled) return showClosed(req, res, interaction);
    await showSignup(req, res, interaction, {}, NO_ERRORS);
  });

  router.post('/signup', requireCsrf(container), async (req, res) => {
    const tenant = tenantOf(req);
    const interaction = await readInteraction(container.cache, req);
    if (!tenant.settings.signupEnabled) return showClosed(req, res, interaction);
    const values = {
      email: formField(req, 'email', 320),
      givenName: formField(req, 'given_name', 300),
      familyName: formField(req, 'family_name', 300),
    };
    const input = {
      ...values,
      password: formField(req, 'password', 1024),
      locale: pickLocale(req, interaction?.pending.uiLocales.join(' ')),
      interaction: interaction?.id ?? null,
    };
    try {
      validateSignUp(input, tenant.allowedDomains);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return showSignup(req, res, interaction, values, errors, 400);
    }
    // The account (or the notice to its owner) commits before the page answers, so a crash
    // loses no sign-up; both paths cost one hash and one transaction (C-ENUM-1).
    await signUp(container, tenant, input, { type: 'user', ip: req.ip });
    await renderPage(req, res, 'message', {
      titleKey: 'check_mail.title',
      messageKey: 'check_mail.signup',
      vars: { email: values.email.trim() },
      linkHref: `${req.baseUrl}/login${interactionQuery(interaction)}`,
      linkKey: 'check_mail.back',
    });
  });

  async function showSignup(
    req: Request,
    res: Response,
    interaction: PageInteraction | null,
    values: { email?: string; givenName?: string; familyName?: string },
    errors: FormErrors,
    status = 200,
  ) {
    await renderPage(
      req,
      res,
      'signup',
      {
        ...errors,
        email: values.email ?? interaction?.pending.loginHint ?? '',
        givenName: values.givenName ?? '',
        familyName: values.familyName ?? '',
        query: interactionQuery(interaction),
      },
      status,
    );
  }

  async function showClosed(req: Request, res: Response, interaction: PageInteraction | null) {
    await renderPage(
      req,
      res,
      'message',
      {
        titleKey: 'signup.disabled_title',
        messageKey: 'signup.disabled',
        linkHref: `${req.baseUrl}/login${interactionQuery(interaction)}`,
        linkKey: 'check_mail.back',
      },
      403,
    );
  }

  return router;
}
