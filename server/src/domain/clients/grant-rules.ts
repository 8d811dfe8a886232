import type { OAuthClientRow } from '../../persistence/entities/oauth-client.js';
import { DomainError } from '../errors.js';
import { ADMIN_SCOPES } from '../tenants/admin-scopes.js';

type Grants = Pick<OAuthClientRow, 'grantTypes' | 'redirectUris'>;

/**
 * What each grant needs from the rest of a registration. Refresh tokens are issued only by the
 * authorization code grant here, so `refresh_token` alone could never be used; and a code is
 * sent to a registered redirect URI, so a code client without one could never get a code.
 */
export function assertGrantsUsable(client: Grants): void {
  const hasCode = client.grantTypes.includes('authorization_code');
  if (client.grantTypes.includes('refresh_token') && !hasCode) {
    throw DomainError.invalid(
      'client.grant_type_invalid',
      'refresh_token needs authorization_code: refresh tokens are issued only with a code.',
      'grantTypes',
    );
  }
  if (hasCode && client.redirectUris.length === 0) {
    throw DomainError.invalid(
      'client.redirect_uri_invalid',
      'A client with the authorization_code grant needs at least one redirect URI.',
      'redirectUris',
    );
  }
}

/**
 * The system tenant has no end users: its clients are admin credentials that act for
 * themselves. A user-facing grant next to an admin scope could only ever hand admin scopes to
 * someone signing in, so a client holding one may have `client_credentials` alone.
 */
export function assertSystemClientGrants(client: Pick<OAuthClientRow, 'grantTypes' | 'scopes'>) {
  const admin: readonly string[] = ADMIN_SCOPES;
  const userGrants = client.grantTypes.filter((grant) => grant !== 'client_credentials');
  if (userGrants.length === 0 || !client.scopes.some((scope) => admin.includes(scope))) return;
  throw DomainError.invalid(
    'client.grant_type_invalid',
    'The system tenant has no end users, so a client with admin scopes may only use ' +
      `client_credentials, not ${userGrants.join(' ')}.`,
    'grantTypes',
  );
}
