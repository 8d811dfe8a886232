import oauth2orize from 'oauth2orize';
import { issuerOf } from '../../../domain/tenants/tenant-defaults.js';
import { resolveAudience } from '../../../domain/tokens/audience.js';
import {
  issueUserTokens,
  type PreparedUserTokens,
} from '../../../domain/tokens/issue-user-tokens.js';
import { spendRefreshToken } from '../../../domain/tokens/refresh-tokens.js';
import { revokeFamiliesWhere } from '../../../domain/tokens/revocation.js';
import { recordEvent } from '../../../events/outbox.js';
import type { EntityManager } from '../../../persistence/database.js';
import type { OAuthClientRow } from '../../../persistence/entities/oauth-client.js';
import { tokenError } from '../errors.js';
import { requestedScopes } from '../scopes.js';
import {
  findActiveUser,
  type GrantOutcome,
  loadTenantAndKeys,
  readResource,
  refuse,
  type UserGrantDeps,
} from './user-grant-deps.js';

const BAD_TOKEN = 'The refresh token is invalid, expired or revoked.';

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): every use spends the refresh token and returns a
 * new one in the same family. Presenting a spent token again means it leaked, so the whole
 * family — refresh and access tokens alike — is revoked and `token.reuse_detected` recorded.
 */
export function refreshTokenGrant(deps: UserGrantDeps) {
  return oauth2orize.exchange.refreshToken(
    { scopeSeparator: ' ' },
    (
      client: OAuthClientRow,
      refreshToken: string,
      scope: string[] | string | undefined,
      body: Record<string, string | undefined>,
      _authInfo: unknown,
      issued: oauth2orize.ExchangeDoneFunction,
    ) => {
      void (async () => {
        if (!client.grantTypes.includes('refresh_token')) {
          throw tokenError(
            'unauthorized_client',
            'This client may not use the refresh_token grant.',
          );
        }
        // Read through the directory before the transaction: it uses its own connection.
        const loaded = await loadTenantAndKeys(deps.directory, client.tenantId);
        const outcome = await deps.db
          .transaction((em) =>
            rotate(deps, em, loaded, client, refreshToken, requestedScopes(scope), body),
          )
          .catch((error: unknown) => {
            if (error instanceof RefusedRequest) return error.outcome;
            throw error;
          });
        if (!outcome.ok) throw outcome.error;
        const { jti: _jti, access_token, refresh_token, ...params } = await outcome.value.sign();
        issued(null, access_token, refresh_token, params);
      })().catch((error: unknown) => issued(error as Error));
    },
  );
}

/**
 * Thrown inside the rotation to roll it back: a request the grant does not allow (a wider scope,
 * another resource) is the client's mistake, not a use of the token, which stays spendable.
 */
class RefusedRequest extends Error {
  constructor(readonly outcome: GrantOutcome<never>) {
    super('refresh request refused');
  }
}

const refusalKeepingToken = (...args: Parameters<typeof refuse>) =>
  new RefusedRequest(refuse(...args));

async function rotate(
  deps: UserGrantDeps,
  em: EntityManager,
  { tenant, keys }: Awaited<ReturnType<typeof loadTenantAndKeys>>,
  client: OAuthClientRow,
  value: string,
  scope: string[],
  body: Record<string, string | undefined>,
): Promise<GrantOutcome<PreparedUserTokens>> {
  const spent = await spendRefreshToken(em, deps.hasher, tenant.id, client.clientId, value);
  if (spent.outcome === 'reused') {
    const revoked = await revokeFamiliesWhere(
      em,
      tenant.id,
      { sql: 'id = ?', params: [spent.familyId] },
      'refresh_reuse',
    );
    await recordEvent(em, {
      type: 'token.reuse_detected',
      tenant: tenant.slug,
      actor: { type: 'client', id: client.clientId },
      data: {
        kind: 'refresh_token',
        familyId: spent.familyId,
        clientId: spent.clientId,
        familyWasLive: revoked.length > 0,
      },
    });
  }
  if (spent.outcome !== 'rotated') return refuse('invalid_grant', BAD_TOKEN);
  const { grant } = spent;

  const granted = grant.scope.split(' ');
  const refused = scope.filter((item) => !granted.includes(item));
  if (refused.length > 0)
    throw refusalKeepingToken(
      'invalid_scope',
      `Not part of the original grant: ${refused.join(' ')}.`,
    );
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const requested = readResource(body);
  if (
    requested.length > 0 &&
    grant.resource.length > 0 &&
    !grant.resource.includes(requested[0]!)
  ) {
    throw refusalKeepingToken('invalid_target', 'The resource was not part of the original grant.');
  }
  const audience = resolveAudience(
    tenant,
    issuer,
    requested.length > 0 ? requested : grant.resource,
  );
  if (!audience.ok)
    throw refusalKeepingToken('invalid_target', 'The resource is not known to this issuer.');
  const user = await findActiveUser(em, tenant, grant.userId);
  if (!user) return refuse('invalid_grant', BAD_TOKEN);

  const tokens = await issueUserTokens(em, deps.hasher, {
    tenant,
    issuer,
    keys,
    client,
    user,
    grant: scope.length > 0 ? { ...grant, scope: scope.join(' ') } : grant,
    familyId: grant.familyId,
    audience: audience.audience,
    nonce: null,
    refreshScope: grant.scope,
  });
  await recordEvent(em, {
    type: 'token.refreshed',
    tenant: tenant.slug,
    actor: { type: 'user', id: user.id },
    data: {
      clientId: client.clientId,
      familyId: grant.familyId,
      jti: tokens.jti,
      scope: tokens.scope,
    },
  });
  return { ok: true, value: tokens };
}
