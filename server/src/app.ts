import type { RequestListener } from 'node:http';
import express from 'express';
import type { Container } from './container.js';
import { DomainError } from './domain/errors.js';
import { adminRoutes } from './http/admin/index.js';
import { openApiRoute } from './http/admin/openapi.js';
import { healthRoutes } from './http/health.js';
import { logAccess } from './http/middleware/access-log.js';
import { assignRequestId } from './http/middleware/request-id.js';
import { apiSecurityHeaders } from './http/middleware/security-headers.js';
import { refuseNulInUrl } from './http/nul-guard.js';
import { laneEndpoints, oauthRoutes, protocolServices } from './http/oauth2/routes.js';
import { pageRoutes } from './http/pages/page-routes.js';
import { handleErrors, sendProblem } from './http/problem.js';
import { createProtocolLane } from './http/protocol-lane.js';

/**
 * Builds the HTTP request handler on a wired container: the protocol lane for the token,
 * introspection and revocation endpoints, Express for everything else. It never listens;
 * main.ts and tests do.
 */
export function createApp(container: Container): RequestListener {
  const services = protocolServices(container);
  const lane = createProtocolLane({
    directory: container.directory,
    logger: container.logger,
    endpoints: laneEndpoints(container, services),
  });

  const app = express();
  app.disable('x-powered-by');
  // Behind a proxy the operator sets this; until then, req.ip is the socket's address. The
  // protocol lane reads the socket's address too: change both together.
  app.set('trust proxy', false);
  app.use(assignRequestId);
  app.use(logAccess(container.logger));
  app.use(apiSecurityHeaders);
  app.use(refuseNulInUrl);

  app.use(healthRoutes(container));
  // The pages first: they answer an unknown tenant on their paths with a page, before the
  // protocol routes answer it for the whole /t/:tenant prefix with problem details.
  app.use('/t/:tenant', pageRoutes(container));
  app.use('/t/:tenant', oauthRoutes(container, services));
  app.use('/admin/v1', adminRoutes(container));
  app.use(openApiRoute());

  app.use((_req, res) => {
    sendProblem(res, DomainError.notFound('route.not_found', 'No such route.'));
  });
  app.use(handleErrors(container.logger));

  return (req, res) => {
    if (!lane(req, res)) app(req, res);
  };
}
