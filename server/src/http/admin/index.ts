import express, { Router } from 'express';
import type { Container } from '../../container.js';
import { refuseNulInBody } from '../nul-guard.js';
import { authenticateAdmin } from './auth.js';
import { clientRoutes } from './clients.js';
import { deadLetterRoutes } from './dead-letters.js';
import { requireJsonBody } from './json-body.js';
import { rejectUnsupportedMethods } from './method-not-allowed.js';
import { ALL_OPERATIONS } from './openapi.js';
import { keepRawBody, refuseRepeatedKeys } from './repeated-keys.js';
import { tenantRoutes } from './tenants.js';
import { userRoutes } from './users.js';

/** Bodies of the admin API are small documents; anything larger is refused before parsing. */
const BODY_LIMIT = '64kb';

/** The admin API, mounted at `/admin/v1`: bearer tokens of the system tenant, JSON both ways. */
export function adminRoutes(container: Container): Router {
  const router = Router();
  router.use((_req, res, next) => {
    // Answers carry client secrets and personal data: no cache keeps them.
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(authenticateAdmin(container));
  router.use(rejectUnsupportedMethods(ALL_OPERATIONS));
  router.use(requireJsonBody);
  router.use(express.json({ limit: BODY_LIMIT, verify: keepRawBody }));
  router.use(refuseRepeatedKeys);
  router.use(refuseNulInBody);
  router.use(tenantRoutes(container));
  router.use(clientRoutes(container));
  router.use(userRoutes(container));
  router.use(deadLetterRoutes(container));
  return router;
}
