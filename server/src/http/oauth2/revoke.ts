import type { ServerResponse } from 'node:http';
import { issuerOf } from '../../domain/tenants/tenant-defaults.js';
import { inspectToken } from '../../domain/tokens/inspect-token.js';
import { revokeAccessToken, revokeFamiliesWhere } from '../../domain/tokens/revocation.js';
import { recordEvent } from '../../events/outbox.js';
import { authenticateClient, type ClientAuthOptions } from './client-auth.js';
import { tokenError } from './errors.js';
import type { IntrospectionDeps } from './introspect.js';
import type { ProtocolRequest, ProtocolStep } from './protocol-request.js';

/**
 * `POST {issuer}/revoke` (RFC 7009). A client may revoke only its own tokens; revoking a refresh
 * token ends its whole family, access tokens included (§2.1). An unknown, foreign or already
 * dead token is answered 200 all the same, so the endpoint reveals nothing about tokens.
 */
export function revocationEndpoint(
  deps: IntrospectionDeps,
  clientAuth: ClientAuthOptions,
): ProtocolStep[] {
  return [authenticateClient(clientAuth), (req, res) => revoke(deps, req, res)];
}

async function revoke(
  deps: IntrospectionDeps,
  req: ProtocolRequest,
  res: ServerResponse,
): Promise<void> {
  const body = req.body;
  if (!body.token) throw tokenError('invalid_request', 'token is required.');
  const tenant = req.tenant;
  const client = req.oauthClient!;
  const keys = await deps.directory.tenantKeys(tenant.id);
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const found = keys
    ? await inspectToken(deps, { id: tenant.id, issuer, keys }, body.token, body.token_type_hint)
    : null;

  const owner = found?.kind === 'access_token' ? found.claims.client_id : found?.clientId;
  if (owner !== undefined && owner !== client.clientId) {
    // RFC 7009 §2.1: a live token of another client is refused, not answered 200 as if it were
    // revoked — a caller that believed it would go on trusting a token still in use.
    throw tokenError('unauthorized_client', 'This token was not issued to this client.');
  }
  if (found?.kind === 'access_token') {
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
  }
  if (found?.kind === 'refresh_token') {
    await deps.db.transaction((em) =>
      revokeFamiliesWhere(
        em,
        tenant.id,
        { sql: 'id = ?', params: [found.familyId] },
        'client_request',
      ),
    );
  }
  res.statusCode = 200;
  res.setHeader('Cache-Control', 'no-store');
  res.end();
}
