import { Router } from 'express';
import type { Container } from '../../container.js';
import { resolveTenant } from '../tenant-routes.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { tokenRoutes } from './token.js';

/** Every protocol endpoint of a tenant's issuer, under `/t/:tenant`. */
export function oauthRoutes(container: Container): Router {
  const { directory, crypto, config, logger } = container;
  const router = Router({ mergeParams: true });
  router.use(resolveTenant(directory));
  router.use(
    tokenRoutes(
      logger,
      { directory, hasher: crypto.hasher },
      {
        client_credentials: clientCredentialsGrant({ directory, publicUrl: config.publicUrl }),
      },
    ),
  );
  return router;
}
