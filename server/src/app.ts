import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Container } from './container.js';
import { DomainError } from './domain/errors.js';
import { adminRoutes } from './http/admin/index.js';
import { openApiRoute } from './http/admin/openapi.js';
import { healthRoutes } from './http/health.js';
import { logAccess } from './http/middleware/access-log.js';
import { assignRequestId } from './http/middleware/request-id.js';
import { oauthRoutes } from './http/oauth2/routes.js';
import { pageRoutes } from './http/pages/page-routes.js';
import { handleErrors, sendProblem } from './http/problem.js';

/** Builds the HTTP application on a wired container. It never listens; main.ts and tests do. */
export function createApp(container: Container): Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy the operator sets this; until then, req.ip is the socket's address.
  app.set('trust proxy', false);
  app.use(assignRequestId);
  app.use(logAccess(container.logger));
  app.use(helmet());

  app.use(healthRoutes(container));
  app.use('/t/:tenant', oauthRoutes(container));
  app.use('/admin/v1', adminRoutes(container));
  app.use(openApiRoute());
  app.use('/t/:tenant', pageRoutes(container));

  app.use((_req, res) => {
    sendProblem(res, DomainError.notFound('route.not_found', 'No such route.'));
  });
  app.use(handleErrors(container.logger));
  return app;
}
