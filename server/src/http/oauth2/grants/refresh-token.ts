import { randomUUID } from 'node:crypto';
import oauth2orize from 'oauth2orize';
import type { TenantKeys } from '../../../domain/directory.js';
import { issuerOf } from '../../../domain/tenants/tenant-defaults.js';
import { resolveAudience } from '../../../domain/tokens/audience.js';
import {
  issueUserTokens,
  mayHoldRefreshToken,
  type PreparedUserTokens,
  preparedUserTokens,
  type UserTokenRequest,
} from '../../../domain/tokens/issue-user-tokens.js';
import {
  findSpendableRefreshToken,
  rotateRefreshToken,
} from '../../../domain/tokens/refresh-rotation.js';
import {
  newRefreshTokenValue,
  type RefreshTokenGrant,
  spendRefreshToken,
} from '../../../domain/tokens/refresh-tokens.js';
import { revokeFamiliesWhere } from '../../../domain/tokens/revocation.js';
import { recordEvent } from '../../../events/outbox.js';
import type { EntityManager } from '../../../persistence/database.js';
import type { OAuthClientRow } from '../../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../../persistence/entities/tenant.js';
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
        const requested = requestedScopes(scope);
        const outcome =
          (await rotateAtOnce(deps, loaded, client, refreshToken, requested, body)) ??
          (await deps.db
            .transaction((em) => rotate(deps, em, loaded, client, refreshToken, requested, body))
            .catch((error: unknown) => {
              if (error instanceof RefusedRequest) return error.outcome;
              throw error;
            }));
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
  const checked = checkAgainstGrant(deps, tenant, grant, scope, body);
  if (!checked.ok) throw new RefusedRequest(checked);
  const user = await findActiveUser(em, tenant, grant.userId);
  if (!user) return refuse('invalid_grant', BAD_TOKEN);

  const request = userTokenRequest(tenant, keys, client, grant, user, scope, checked.value);
  const tokens = await issueUserTokens(em, deps.hasher, request);
  await recordEvent(em, refreshedEvent(request, tokens.jti));
  return { ok: true, value: tokens };
}

/**
 * The usual refresh without a transaction: read the token, check the request against its grant,
 * then spend it and write the new tokens and the audit event in one statement (two round trips
 * instead of seven, the refresh figure of docs/performance.md). Null means "not the usual case"
 * — an unknown, spent or expired token, a revoked family, a disabled user, or a token spent in
 * between by a concurrent request — and the caller takes the transactional path, which tells
 * these apart and detects reuse. A refused request spends nothing here, as there.
 */
async function rotateAtOnce(
  deps: UserGrantDeps,
  { tenant, keys }: Awaited<ReturnType<typeof loadTenantAndKeys>>,
  client: OAuthClientRow,
  value: string,
  scope: string[],
  body: Record<string, string | undefined>,
): Promise<GrantOutcome<PreparedUserTokens> | null> {
  const tokenHash = deps.hasher.hash(value);
  const found = await findSpendableRefreshToken(deps.db, tokenHash, tenant.id, client.clientId);
  if (!found) return null;
  const checked = checkAgainstGrant(deps, tenant, found.grant, scope, body);
  if (!checked.ok) return checked;
  const request = userTokenRequest(
    tenant,
    keys,
    client,
    found.grant,
    found.user,
    scope,
    checked.value,
  );
  const now = Math.floor(Date.now() / 1000);
  const jti = randomUUID();
  const next = mayHoldRefreshToken(client, found.grant.scope) ? newRefreshTokenValue() : undefined;
  const rotated = await rotateRefreshToken(deps.db, {
    tokenHash,
    tenantId: tenant.id,
    clientId: client.clientId,
    accessToken: { jti, expiresAt: now + client.accessTokenTtl },
    ...(next
      ? { nextRefreshToken: { hash: deps.hasher.hash(next), ttlSeconds: client.refreshTokenTtl } }
      : {}),
    event: refreshedEvent(request, jti),
  });
  return rotated ? { ok: true, value: preparedUserTokens(request, jti, now, next) } : null;
}

/**
 * What a refresh may ask of its grant: no scope beyond it, no resource outside it, and an
 * audience the tenant knows. Answers the issuer and audience the new access token carries.
 */
function checkAgainstGrant(
  deps: UserGrantDeps,
  tenant: TenantRow,
  grant: RefreshTokenGrant,
  scope: string[],
  body: Record<string, string | undefined>,
): GrantOutcome<{ issuer: string; audience: string | string[] }> {
  const granted = grant.scope.split(' ');
  const refused = scope.filter((item) => !granted.includes(item));
  if (refused.length > 0) {
    return refuse('invalid_scope', `Not part of the original grant: ${refused.join(' ')}.`);
  }
  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const requested = readResource(body);
  if (
    requested.length > 0 &&
    grant.resource.length > 0 &&
    !grant.resource.includes(requested[0]!)
  ) {
    return refuse('invalid_target', 'The resource was not part of the original grant.');
  }
  const audience = resolveAudience(
    tenant,
    issuer,
    requested.length > 0 ? requested : grant.resource,
  );
  if (!audience.ok) return refuse('invalid_target', 'The resource is not known to this issuer.');
  return { ok: true, value: { issuer, audience: audience.audience } };
}

/** A refresh narrows the access token's scope when asked; the rotated refresh token keeps the grant's. */
function userTokenRequest(
  tenant: TenantRow,
  keys: TenantKeys,
  client: OAuthClientRow,
  grant: RefreshTokenGrant,
  user: UserTokenRequest['user'],
  scope: string[],
  target: { issuer: string; audience: string | string[] },
): UserTokenRequest {
  return {
    tenant,
    issuer: target.issuer,
    keys,
    client,
    user,
    grant: scope.length > 0 ? { ...grant, scope: scope.join(' ') } : grant,
    familyId: grant.familyId,
    audience: target.audience,
    nonce: null,
    refreshScope: grant.scope,
  };
}

function refreshedEvent(request: UserTokenRequest, jti: string) {
  return {
    type: 'token.refreshed',
    tenant: request.tenant.slug,
    actor: { type: 'user' as const, id: request.user.id },
    data: {
      clientId: request.client.clientId,
      familyId: request.familyId,
      jti,
      scope: request.grant.scope,
    },
  };
}
