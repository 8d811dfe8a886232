import { Args, Flags } from '@oclif/core';
import type { OAuthClientUpdate } from '../../../sdk/src/index.js';

export const tenantFlag = {
  tenant: Flags.string({ description: 'Slug of the tenant the client belongs to.' }),
};

export const clientIdArg = {
  clientId: Args.string({ name: 'CLIENT_ID', description: 'The client id.' }),
};

/** The client fields create and update share; lists replace the stored list. */
export const clientFlags = {
  name: Flags.string({ description: 'Name shown on consent screens.' }),
  'redirect-uri': Flags.string({
    description: 'Allowed redirect URI; repeat for more.',
    multiple: true,
  }),
  'post-logout-redirect-uri': Flags.string({
    description: 'Allowed post-logout redirect URI; repeat for more.',
    multiple: true,
  }),
  'grant-type': Flags.string({
    description:
      'Allowed grant type (authorization_code, refresh_token, client_credentials); repeat.',
    multiple: true,
  }),
  scope: Flags.string({
    description: 'Allowed scope; repeat, or give several separated by spaces.',
    multiple: true,
  }),
  'access-token-ttl': Flags.integer({ description: 'Access token lifetime in seconds.', min: 1 }),
  'refresh-token-ttl': Flags.integer({ description: 'Refresh token lifetime in seconds.', min: 1 }),
  'id-token-ttl': Flags.integer({ description: 'ID token lifetime in seconds.', min: 1 }),
};

type ClientFlagValues = {
  name?: string;
  'redirect-uri'?: string[];
  'post-logout-redirect-uri'?: string[];
  'grant-type'?: string[];
  scope?: string[];
  'access-token-ttl'?: number;
  'refresh-token-ttl'?: number;
  'id-token-ttl'?: number;
};

/** Only what the user passed, so an update changes nothing else. */
export function clientBody(flags: ClientFlagValues): OAuthClientUpdate {
  const body: OAuthClientUpdate = {};
  if (flags.name !== undefined) body.name = flags.name;
  if (flags['redirect-uri']) body.redirectUris = flags['redirect-uri'];
  if (flags['post-logout-redirect-uri'])
    body.postLogoutRedirectUris = flags['post-logout-redirect-uri'];
  // Passed through as typed: the server validates grant types and names the field at fault.
  if (flags['grant-type']) body.grantTypes = flags['grant-type'] as OAuthClientUpdate['grantTypes'];
  if (flags.scope) body.scopes = flags.scope.flatMap((s) => s.split(/\s+/)).filter(Boolean);
  if (flags['access-token-ttl'] !== undefined) body.accessTokenTtl = flags['access-token-ttl'];
  if (flags['refresh-token-ttl'] !== undefined) body.refreshTokenTtl = flags['refresh-token-ttl'];
  if (flags['id-token-ttl'] !== undefined) body.idTokenTtl = flags['id-token-ttl'];
  return body;
}
