import { randomUUID } from 'node:crypto';
import oauth2orize from 'oauth2orize';
import type { Directory } from '../../../domain/directory.js';
import { issuerOf } from '../../../domain/tenants/tenant-defaults.js';
import { signAccessToken } from '../../../domain/tokens/access-tokens.js';
import { resolveAudience } from '../../../domain/tokens/audience.js';
import type { OAuthClientRow } from '../../../persistence/entities/oauth-client.js';
import type { TenantRow } from '../../../persistence/entities/tenant.js';
import { tokenError } from '../errors.js';
import { grantScopes } from '../scopes.js';
import { readResource } from './user-grant-deps.js';

export interface ClientCredentialsDeps {
  directory: Directory;
  publicUrl: string;
  /**
   * Records the issue for the audit trail. It runs while the token is signed, and the response
   * waits for both: the record is durable before anyone holds the token.
   */
  onIssued?: (
    tenant: TenantRow,
    client: OAuthClientRow,
    jti: string,
    scope: string,
  ) => Promise<void>;
}

/**
 * RFC 6749 §4.4: a confidential client asks for a token for itself. The subject is the client;
 * the audience is a `resource` the tenant lists (RFC 8707; any other is `invalid_target`), else
 * the tenant's default audience, else its issuer.
 */
export function clientCredentialsGrant(deps: ClientCredentialsDeps) {
  return oauth2orize.exchange.clientCredentials(
    { scopeSeparator: ' ' },
    (
      client: OAuthClientRow,
      scope: string[] | undefined,
      body: Record<string, string | undefined>,
      issued: oauth2orize.ExchangeDoneFunction,
    ) => {
      void (async () => {
        if (client.type !== 'confidential' || !client.grantTypes.includes('client_credentials')) {
          throw tokenError(
            'unauthorized_client',
            'This client may not use the client_credentials grant.',
          );
        }
        const granted = grantScopes(scope, client.scopes);
        if (!granted.ok) {
          throw tokenError(
            'invalid_scope',
            `The client may not ask for: ${granted.refused.join(' ')}.`,
          );
        }
        const tenant = await deps.directory.tenantById(client.tenantId);
        const keys = tenant ? await deps.directory.tenantKeys(tenant.id) : null;
        if (!tenant || !keys)
          throw new Error('tenant or signing key missing for an authenticated client');
        const issuer = issuerOf(deps.publicUrl, tenant.slug);
        const audience = resolveAudience(tenant, issuer, readResource(body));
        if (!audience.ok) {
          throw tokenError('invalid_target', 'The resource is not known to this issuer.');
        }
        const scopeText = granted.scopes.join(' ');
        // The audit write and the signature overlap instead of following each other: the
        // request then waits for one database round trip less. Should signing fail (a broken
        // key), the event names a token nobody received; the request answers server_error.
        const jti = randomUUID();
        const [{ token }] = await Promise.all([
          signAccessToken(keys, {
            issuer,
            subject: client.clientId,
            audience: audience.audience,
            clientId: client.clientId,
            scope: scopeText,
            ttlSeconds: client.accessTokenTtl,
            jti,
          }),
          deps.onIssued?.(tenant, client, jti, scopeText),
        ]);
        issued(null, token, undefined, { expires_in: client.accessTokenTtl, scope: scopeText });
      })().catch((error: unknown) => issued(error as Error));
    },
  );
}
