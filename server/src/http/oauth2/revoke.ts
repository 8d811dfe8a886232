import { type NextFunction, type Request, type Response, Router } from 'express';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { inspectToken } from '../../domain/tokens/inspect-token.js';
import { revokeAccessToken, revokeFamiliesWhere } from '../../domain/tokens/revocation.js';
import { recordEvent } from '../../events/outbox.js';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { handleTokenErrors, tokenError } from './errors.js';
import { readOAuthForm } from './form-body.js';
import type { IntrospectionDeps } from './introspect.js';

/**
 * `POST {issuer}/revoke` (RFC 7009). A client may revoke only its own tokens; revoking a refresh
 * token ends its whole family, access tokens included (§2.1). An unknown, foreign or already
 * dead token is answered 200 all the same, so the endpoint reveals nothing about tokens.
 */
export function revocationRoutes(deps: IntrospectionDeps, clientAuth: ClientAuthOptions): Router {
  const router = Router({ mergeParams: true });
  router.post(
    '/revoke',
    readOAuthForm,
    authenticateClient(clientAuth),
    (req: Request, res: Response, next: NextFunction) => void revoke(deps, req, res).catch(next),
    handleTokenErrors(deps.logger),
  );
  return router;
}

async function revoke(deps: IntrospectionDeps, req: Request, res: Response): Promise<void> {
  const body = req.body as Record<string, string | undefined>;
  if (!body.token) throw tokenError('invalid_request', 'token is required.');
  const tenant = req.tenant!;
  const client = req.oauthClient!;
  const keys = await deps.directory.tenantKeys(tenant.id);
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const found = keys
    ? await inspectToken(deps, { id: tenant.id, issuer, keys }, body.token, body.token_type_hint)
    : null;

  if (found?.kind === 'access_token' && found.claims.client_id === client.clientId) {
    const { jti, exp } = found.claims;
    await deps.db.transaction(async (em) => {
      await revokeAccessToken(em, tenant.id, jti, new Date(exp * 1000));
      await recordEvent(em, {
        type: 'token.revoked',
        tenant: tenant.slug,
        actor: { type: 'client', id: client.clientId },
        data: { clientId: client.clientId, reason: 'client_request', jtis: [jti] },
      });
    });
    await deps.revocations.remember(tenant.id, jti, exp);
  }
  if (found?.kind === 'refresh_token' && found.clientId === client.clientId) {
    await deps.db.transaction((em) =>
      revokeFamiliesWhere(
        em,
        tenant.id,
        { sql: 'id = ?', params: [found.familyId] },
        'client_request',
      ),
    );
  }
  res.set('Cache-Control', 'no-store');
  res.status(200).end();
}
