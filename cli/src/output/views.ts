import type {
  DeadLetter,
  OAuthClient,
  OAuthClientWithSecret,
  Tenant,
  User,
} from '../../../sdk/src/index.js';
import type { View } from './format.js';

export const tenantView: View<Tenant> = {
  id: (t) => t.slug,
  columns: [
    ['SLUG', (t) => t.slug],
    ['NAME', (t) => t.displayName],
    ['REGION', (t) => t.region],
    ['STATUS', (t) => t.status],
    ['ISSUER', (t) => t.issuer],
  ],
  fields: [
    ['slug', (t) => t.slug],
    ['name', (t) => t.displayName],
    ['region', (t) => t.region],
    ['status', (t) => t.status],
    ['issuer', (t) => t.issuer],
    ['allowed domains', (t) => t.allowedDomains],
    ['branding', (t) => t.branding],
    ['settings', (t) => t.settings],
    ['created', (t) => t.createdAt],
    ['updated', (t) => t.updatedAt],
    ['purge after', (t) => t.purgeAfter],
  ],
};

export const clientView: View<OAuthClientWithSecret> = {
  id: (c) => c.clientId,
  columns: [
    ['CLIENT ID', (c) => c.clientId],
    ['NAME', (c) => c.name],
    ['TYPE', (c) => c.type],
    ['GRANT TYPES', (c) => c.grantTypes],
    ['REDIRECT URIS', (c) => c.redirectUris],
  ],
  fields: [
    ['client id', (c) => c.clientId],
    ['client secret', (c) => c.clientSecret],
    ['tenant', (c) => c.tenant],
    ['name', (c) => c.name],
    ['type', (c) => c.type],
    ['first party', (c) => c.firstParty],
    ['redirect uris', (c) => c.redirectUris],
    ['post-logout redirect uris', (c) => c.postLogoutRedirectUris],
    ['grant types', (c) => c.grantTypes],
    ['scopes', (c) => c.scopes],
    ['access token ttl', (c) => c.accessTokenTtl],
    ['refresh token ttl', (c) => c.refreshTokenTtl],
    ['id token ttl', (c) => c.idTokenTtl],
    ['created', (c) => c.createdAt],
    ['updated', (c) => c.updatedAt],
  ],
};

/** Clients without a secret to show leave that line out rather than print it empty. */
export function clientViewFor(
  client: OAuthClient | OAuthClientWithSecret,
): View<OAuthClientWithSecret> {
  // A secret is shown once: --quiet prints `<clientId> <clientSecret>` rather than drop it.
  if ('clientSecret' in client && client.clientSecret) {
    return { ...clientView, quiet: (c) => `${c.clientId} ${c.clientSecret}` };
  }
  return {
    ...clientView,
    fields: clientView.fields.filter(([label]) => label !== 'client secret'),
  };
}

export const userView: View<User> = {
  id: (u) => u.id,
  columns: [
    ['ID', (u) => u.id],
    ['EMAIL', (u) => u.email],
    ['VERIFIED', (u) => u.emailVerified],
    ['STATUS', (u) => u.status],
    ['LAST LOGIN', (u) => u.lastLoginAt],
  ],
  fields: [
    ['id', (u) => u.id],
    ['tenant', (u) => u.tenant],
    ['email', (u) => u.email],
    ['email verified', (u) => u.emailVerified],
    ['given name', (u) => u.givenName],
    ['family name', (u) => u.familyName],
    ['locale', (u) => u.locale],
    ['status', (u) => u.status],
    ['created', (u) => u.createdAt],
    ['updated', (u) => u.updatedAt],
    ['last login', (u) => u.lastLoginAt],
  ],
};

export const deadLetterView: View<DeadLetter> = {
  id: (d) => d.id,
  columns: [
    ['ID', (d) => d.id],
    ['CONSUMER', (d) => d.consumer],
    ['EVENT', (d) => d.eventType],
    ['ATTEMPTS', (d) => d.attempts],
    ['PARKED', (d) => d.parkedAt],
    ['REPLAYED', (d) => d.replayedAt],
  ],
  fields: [
    ['id', (d) => d.id],
    ['consumer', (d) => d.consumer],
    ['event id', (d) => d.eventId],
    ['event type', (d) => d.eventType],
    ['attempts', (d) => d.attempts],
    ['error', (d) => d.error],
    ['parked', (d) => d.parkedAt],
    ['replayed', (d) => d.replayedAt],
  ],
};
