import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import type { Container } from '../../container.js';
import { resolveTenant } from '../tenant-routes.js';
import { accountPage } from './account-page.js';
import { assetRoutes } from './assets.js';
import { loginPage } from './login-page.js';
import { pagePipeline } from './page-pipeline.js';
import { resetPages } from './reset-pages.js';
import { signupPage } from './signup-page.js';
import { verifyPages } from './verify-pages.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ASSETS = existsSync(path.join(here, 'assets'))
  ? path.join(here, 'assets')
  : path.resolve(here, '../../../../../server/src/http/pages/assets');

const PAGE_PATHS = [
  '/login',
  '/signup',
  '/verify',
  '/forgot',
  '/reset',
  '/account',
  '/resend-verification',
];

/** The hosted pages of a tenant: sign-in, sign-up, verification, reset and the account page. */
export function pageRoutes(container: Container): Router {
  const router = Router({ mergeParams: true });
  // Only our own paths: the protocol routes share the /t/:tenant prefix.
  router.use('/assets', resolveTenant(container.directory));
  router.use(assetRoutes(ASSETS));
  router.use(PAGE_PATHS, resolveTenant(container.directory), ...pagePipeline(container));
  router.use(loginPage(container));
  router.use(signupPage(container));
  router.use(verifyPages(container));
  router.use(resetPages(container));
  router.use(accountPage(container));
  return router;
}
