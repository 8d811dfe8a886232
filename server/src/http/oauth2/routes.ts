import { type Request, type Response, Router } from 'express';
import type { Container } from '../../container.js';
import { RevocationList } from '../../domain/tokens/revocation-list.js';
import { OutboxGroupCommit } from '../../events/group-commit.js';
import { discoveryRoutes, refuseMetadataMethod } from '../oidc/discovery.js';
import { endSessionRoutes } from '../oidc/end-session.js';
import { refuseUserinfoMethod, userinfoRoutes } from '../oidc/userinfo.js';
import { refuseMethod, showPageNotFound } from '../pages/error-pages.js';
import type { LaneEndpoint } from '../protocol-lane.js';
import { answerTenantNotFound, resolveTenant } from '../tenant-routes.js';
import { authorizeRoutes } from './authorize.js';
import type { ClientAuthOptions } from './client-auth.js';
import { consentRoutes } from './consent.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { introspectionEndpoint } from './introspect.js';
import type { ProtocolStep } from './protocol-request.js';
import { revocationEndpoint } from './revoke.js';
import { tokenEndpoint } from './token.js';

/** What the protocol endpoints share: one group commit for audit events, one revocation list. */
export function protocolServices(container: Container) {
  return {
    audit: new OutboxGroupCommit(container.db),
    revocations: new RevocationList(container.db),
  };
}
export type ProtocolServices = ReturnType<typeof protocolServices>;

/**
 * The form-posted endpoints the protocol lane serves: token, introspection and revocation. A
 * failed client authentication at any of them is an audit event, durable before the 401.
 */
export function laneEndpoints(
  container: Container,
  { audit, revocations }: ProtocolServices,
): Record<LaneEndpoint, readonly ProtocolStep[]> {
  const { directory, crypto, config, logger, db } = container;
  const publicUrl = config.publicUrl;
  const clientAuth: ClientAuthOptions = {
    directory,
    hasher: crypto.hasher,
    onFailure: (req, clientId, method) =>
      audit.record({
        type: 'client.authentication_failed',
        tenant: req.tenant.slug,
        actor: { type: 'client', id: clientId?.slice(0, 64), ip: req.ip },
        data: { clientId: clientId?.slice(0, 64) ?? null, method, endpoint: req.path },
      }),
  };
  const userGrants = { db, directory, hasher: crypto.hasher, publicUrl };
  const tokenDeps = { db, directory, hasher: crypto.hasher, revocations, publicUrl, logger };
  return {
    token: tokenEndpoint(clientAuth, {
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
    introspect: introspectionEndpoint(tokenDeps, clientAuth),
    revoke: revocationEndpoint(tokenDeps, clientAuth),
  };
}

/** The protocol endpoints of a tenant's issuer that Express serves, under `/t/:tenant`. */
export function oauthRoutes(container: Container, { revocations }: ProtocolServices): Router {
  const { directory, crypto, config, db, cache } = container;
  const publicUrl = config.publicUrl;
  const authorizeDeps = { db, cache, directory, hasher: crypto.hasher, publicUrl };

  const router = Router({ mergeParams: true });
  router.use(resolveTenant(directory, answerUnknownTenant));
  router.use(discoveryRoutes(directory, publicUrl));
  router.use(authorizeRoutes(container, authorizeDeps));
  router.use(consentRoutes(container, authorizeDeps));
  router.use(userinfoRoutes({ db, directory, revocations, publicUrl }));
  router.use(endSessionRoutes(container));
  refuseOtherMethods(router);
  return router;
}

/** The browser's paths and the methods their handlers serve (GET brings HEAD). */
const BROWSER_METHODS: Record<string, readonly string[]> = {
  '/authorize': ['GET', 'POST'],
  '/authorize/resume': ['GET'],
  '/consent': ['GET', 'POST'],
  '/logout': ['GET', 'POST'],
};

/**
 * A browser sent to an unknown tenant's authorize, consent or logout gets a page, as the hosted
 * pages answer; the APIs (userinfo, discovery, keys) keep their problem details.
 */
function answerUnknownTenant(req: Request, res: Response): void | Promise<void> {
  if (Object.hasOwn(BROWSER_METHODS, req.path)) return showPageNotFound(req, res);
  answerTenantNotFound(req, res);
}

/**
 * Any other method on a path served above is 405 with `Allow` (RFC 9110 §15.5.6), not 404: a
 * page for the browser's paths, as the hosted pages answer; JSON for the APIs. Routed after the
 * handlers, so it sees only what they left; OPTIONS never gets here, as Express answers it in
 * the routers above with the same `Allow`.
 */
function refuseOtherMethods(router: Router): void {
  for (const [path, methods] of Object.entries(BROWSER_METHODS)) {
    router.all(path, refuseMethod(methods));
  }
  router.all('/userinfo', refuseUserinfoMethod);
  router.all(['/.well-known/openid-configuration', '/.well-known/jwks.json'], refuseMetadataMethod);
}
