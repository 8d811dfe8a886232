import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { LoginThrottle } from '../../domain/accounts/login-throttle.js';
import { resolveTenant } from '../tenant-routes.js';
import { accountPage } from './account-page.js';
import { assetRoutes } from './assets.js';
import { refuseMethod, showPageError, showPageNotFound } from './error-pages.js';
import { loginPage } from './login-page.js';
import { pagePipeline } from './page-pipeline.js';
import { resetPages } from './reset-pages.js';
import { signupPage } from './signup-page.js';
import { verifyPages } from './verify-pages.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ASSETS = existsSync(path.join(here, 'assets'))
  ? path.join(here, 'assets')
  : path.resolve(here, '../../../../../server/src/http/pages/assets');

/** Each page path and the methods its handlers serve (GET brings HEAD); the rest get 405. */
const PAGE_METHODS: Record<string, readonly string[]> = {
  '/login': ['GET', 'POST'],
  '/signup': ['GET', 'POST'],
  '/verify': ['GET', 'POST'],
  '/forgot': ['GET', 'POST'],
  '/reset': ['GET', 'POST'],
  '/account': ['GET'],
  '/account/password': ['POST'],
  '/account/email': ['POST'],
  '/resend-verification': ['GET', 'POST'],
};

/** The paths the pages own, with everything under them: the first segment of each page path. */
const PAGE_PATHS = [...new Set(Object.keys(PAGE_METHODS).map((page) => `/${page.split('/')[1]}`))];

/**
 * The hosted pages of a tenant: sign-in, sign-up, verification, reset and the account page.
 * Whatever goes wrong under their paths is answered as a page too: an unknown tenant or path
 * 404, a method they do not serve 405, the unexpected 500.
 */
export function pageRoutes(container: Container): Router {
  const router = Router({ mergeParams: true });
  // One throttle for sign-in and the account page's password re-check: one count per account.
  const throttle = new LoginThrottle(container.cache, {
    maxFailures: container.config.loginMaxFailures,
    ipMaxFailures: container.config.loginIpMaxFailures,
    lockSeconds: container.config.loginLockSeconds,
  });
  // Only our own paths: the protocol routes share the /t/:tenant prefix. The stylesheet and
  // script do not depend on the tenant, so an unknown tenant's error page has them too.
  router.use('/assets', resolveTenant(container.directory, continueWithoutTenant));
  router.use(assetRoutes(ASSETS));
  router.use(PAGE_PATHS, resolveTenant(container.directory, showPageNotFound));
  router.use(PAGE_PATHS, ...pagePipeline(container));
  router.use(loginPage(container, throttle));
  router.use(signupPage(container));
  router.use(verifyPages(container));
  router.use(resetPages(container));
  router.use(accountPage(container, throttle));
  for (const [page, methods] of Object.entries(PAGE_METHODS)) {
    router.all(page, refuseMethod(methods));
  }
  router.use(PAGE_PATHS, showPageNotFound);
  router.use(PAGE_PATHS, showPageError(container.logger));
  return router;
}

/** The assets of an unknown tenant: the shared ones as for any other, an empty brand.css. */
function continueWithoutTenant(_req: Request, _res: Response, next: NextFunction): void {
  next();
}
