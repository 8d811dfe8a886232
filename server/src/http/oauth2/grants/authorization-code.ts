import oauth2orize from 'oauth2orize';
import {
  type AuthorizationCode,
  linkCodeToFamily,
  redeemAuthorizationCode,
} from '../../../domain/authorization/codes.js';
import { isWellFormedVerifier, verifyPkce } from '../../../domain/authorization/pkce.js';
import { issuerOf } from '../../../domain/tenants/tenant-defaults.js';
import { resolveAudience } from '../../../domain/tokens/audience.js';
import { openTokenFamily } from '../../../domain/tokens/families.js';
import {
  issueUserTokens,
  type PreparedUserTokens,
} from '../../../domain/tokens/issue-user-tokens.js';
import { revokeFamiliesWhere } from '../../../domain/tokens/revocation.js';
import { recordEvent } from '../../../events/outbox.js';
import type { EntityManager } from '../../../persistence/database.js';
import type { OAuthClientRow } from '../../../persistence/entities/oauth-client.js';
import { tokenError } from '../errors.js';
import {
  findActiveUser,
  type GrantOutcome,
  loadTenantAndKeys,
  readResource,
  refuse,
  type UserGrantDeps,
} from './user-grant-deps.js';

const BAD_CODE = 'The authorization code is invalid, expired, or was issued to another client.';

/**
 * RFC 6749 §4.1.3 with RFC 7636 §4.6: redeem a code for tokens. The code is consumed before any
 * check, so a code that fails one (wrong client, redirect URI or verifier) cannot be tried
 * again. A code presented a second time revokes everything its first use issued (§10.5).
 */
export function authorizationCodeGrant(deps: UserGrantDeps) {
  return oauth2orize.exchange.authorizationCode(
    (
      client: OAuthClientRow,
      code: string,
      redirectUri: string,
      body: Record<string, unknown>,
      _authInfo: unknown,
      issued: oauth2orize.ExchangeDoneFunction,
    ) => {
      void (async () => {
        if (!client.grantTypes.includes('authorization_code')) {
          throw tokenError(
            'unauthorized_client',
            'This client may not use the authorization_code grant.',
          );
        }
        // Read through the directory before the transaction: it uses its own connection.
        const loaded = await loadTenantAndKeys(deps.directory, client.tenantId);
        const outcome = await deps.db.transaction((em) =>
          redeemCode(
            deps,
            em,
            loaded,
            client,
            code,
            redirectUri,
            body as Record<string, string | undefined>,
          ),
        );
        if (!outcome.ok) throw outcome.error;
        const { jti: _jti, access_token, refresh_token, ...params } = await outcome.value.sign();
        issued(null, access_token, refresh_token, params);
      })().catch((error: unknown) => issued(error as Error));
    },
  );
}

async function redeemCode(
  deps: UserGrantDeps,
  em: EntityManager,
  { tenant, keys }: Awaited<ReturnType<typeof loadTenantAndKeys>>,
  client: OAuthClientRow,
  value: string,
  redirectUri: string | undefined,
  body: Record<string, string | undefined>,
): Promise<GrantOutcome<PreparedUserTokens>> {
  const redemption = await redeemAuthorizationCode(em, deps.hasher, client.tenantId, value);
  if (redemption.outcome === 'replayed' && redemption.familyId) {
    await revokeFamiliesWhere(
      em,
      client.tenantId,
      { sql: 'id = ?', params: [redemption.familyId] },
      'code_reuse',
    );
  }
  if (redemption.outcome !== 'redeemed') return refuse('invalid_grant', BAD_CODE);
  const code: AuthorizationCode = redemption.code;
  if (code.clientId !== client.clientId) return refuse('invalid_grant', BAD_CODE);
  if (redirectUri !== code.redirectUri) {
    return refuse('invalid_grant', 'redirect_uri does not match the authorization request.');
  }
  if (body.code_verifier !== undefined && !isWellFormedVerifier(body.code_verifier)) {
    return refuse(
      'invalid_grant',
      'The code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).',
    );
  }
  if (!verifyPkce(code.codeChallenge, body.code_verifier)) {
    return refuse('invalid_grant', 'The code_verifier does not match the code_challenge.');
  }

  const issuer = issuerOf(deps.publicUrl, tenant.slug);
  const requested = readResource(body);
  if (requested.length > 0 && code.resource.length > 0 && !code.resource.includes(requested[0]!)) {
    return refuse('invalid_target', 'The resource was not part of the authorization request.');
  }
  const audience = resolveAudience(
    tenant,
    issuer,
    requested.length > 0 ? requested : code.resource,
  );
  if (!audience.ok) return refuse('invalid_target', 'The resource is not known to this issuer.');
  const user = await findActiveUser(em, tenant, code.userId);
  if (!user)
    return refuse('invalid_grant', 'The user of this authorization can no longer sign in.');

  const familyId = await openTokenFamily(em, code);
  await linkCodeToFamily(em, deps.hasher, tenant.id, value, familyId);
  const tokens = await issueUserTokens(em, deps.hasher, {
    tenant,
    issuer,
    keys,
    client,
    user,
    grant: code,
    familyId,
    audience: audience.audience,
    nonce: code.nonce,
  });
  await recordEvent(em, {
    type: 'token.issued',
    tenant: tenant.slug,
    actor: { type: 'user', id: user.id },
    data: {
      grantType: 'authorization_code',
      clientId: client.clientId,
      familyId,
      jti: tokens.jti,
      scope: code.scope,
      refreshToken: tokens.refresh_token !== undefined,
    },
  });
  return { ok: true, value: tokens };
}
