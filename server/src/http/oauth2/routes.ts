import { type Request, Router } from 'express';
import type { Container } from '../../container.js';
import { RevocationList } from '../../domain/tokens/revocation-list.js';
import { OutboxGroupCommit } from '../../events/group-commit.js';
import { discoveryRoutes } from '../oidc/discovery.js';
import { endSessionRoutes } from '../oidc/end-session.js';
import { userinfoRoutes } from '../oidc/userinfo.js';
import { resolveTenant } from '../tenant-routes.js';
import { authorizeRoutes } from './authorize.js';
import type { ClientAuthOptions } from './client-auth.js';
import { consentRoutes } from './consent.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { introspectionRoutes } from './introspect.js';
import { revocationRoutes } from './revoke.js';
import { tokenRoutes } from './token.js';

/** Every protocol endpoint of a tenant's issuer, under `/t/:tenant`. */
export function oauthRoutes(container: Container): Router {
  const { directory, crypto, config, logger, db, cache } = container;
  const publicUrl = config.publicUrl;
  const audit = new OutboxGroupCommit(db);
  const revocations = new RevocationList(db, cache);
  const clientAuth: ClientAuthOptions = {
    directory,
    hasher: crypto.hasher,
    onFailure: (req: Request, clientId, method) =>
      audit.record({
        type: 'client.authentication_failed',
        tenant: req.tenant?.slug ?? null,
        actor: { type: 'client', id: clientId?.slice(0, 64), ip: req.ip },
        data: { clientId: clientId?.slice(0, 64) ?? null, method, endpoint: req.path },
      }),
  };
  const userGrants = { db, directory, hasher: crypto.hasher, publicUrl };
  const authorizeDeps = { db, cache, directory, hasher: crypto.hasher, publicUrl };
  const tokenDeps = { db, directory, hasher: crypto.hasher, revocations, publicUrl, logger };

  const router = Router({ mergeParams: true });
  router.use(resolveTenant(directory));
  // The token endpoint is the hot path: it comes first, so no other router is walked for it.
  router.use(
    tokenRoutes(logger, clientAuth, {
      client_credentials: clientCredentialsGrant({
        directory,
        publicUrl,
        onIssued: (tenant, client, jti, scope) =>
          audit.record({
            type: 'token.issued',
            tenant: tenant.slug,
            actor: { type: 'client', id: client.clientId },
            data: { grantType: 'client_credentials', clientId: client.clientId, jti, scope },
          }),
      }),
      authorization_code: authorizationCodeGrant(userGrants),
      refresh_token: refreshTokenGrant(userGrants),
    }),
  );
  router.use(discoveryRoutes(directory, publicUrl));
  router.use(authorizeRoutes(container, authorizeDeps));
  router.use(consentRoutes(container, authorizeDeps));
  router.use(revocationRoutes(tokenDeps, clientAuth));
  router.use(introspectionRoutes(tokenDeps, clientAuth));
  router.use(userinfoRoutes({ db, directory, revocations, publicUrl }));
  router.use(endSessionRoutes(container));
  return router;
}
