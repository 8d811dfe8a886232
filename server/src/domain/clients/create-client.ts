import { randomBytes, randomUUID } from 'node:crypto';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import {
  type ClientType,
  type OAuthClientRow,
  OAuthClientSchema,
} from '../../persistence/entities/oauth-client.js';
import { generateSecret, type SecretHasher } from '../crypto/secret-hash.js';

export interface NewClient {
  name: string;
  type?: ClientType;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  grantTypes?: string[];
  scopes?: string[];
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  idTokenTtl?: number;
  firstParty?: boolean;
}

export const CLIENT_DEFAULTS = {
  accessTokenTtl: 900,
  refreshTokenTtl: 30 * 24 * 3600,
  idTokenTtl: 3600,
};

/** The default scopes of a client that signs users in: OpenID Connect's and offline access. */
const USER_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** A client whose only grant is client_credentials acts for itself, never for a user. */
export function actsForNoUser(grantTypes: readonly string[]): boolean {
  return grantTypes.every((grant) => grant === 'client_credentials');
}

/** Client ids are public but unguessable, so they reveal nothing about tenants or counts. */
export function generateClientId(): string {
  return `lk_${randomBytes(16).toString('base64url')}`;
}

/**
 * Inserts a client in the caller's transaction and records `client.created`. A confidential
 * client gets a server-generated secret, returned here once and stored only as a keyed hash.
 * Input validation (redirect URIs, grant types) is done before this, by the caller.
 */
export async function insertClient(
  em: EntityManager,
  hasher: SecretHasher,
  tenant: { id: string; slug: string },
  input: NewClient,
  actor: EventActor,
): Promise<{ client: OAuthClientRow; clientSecret: string | null }> {
  const type = input.type ?? 'confidential';
  const clientSecret = type === 'confidential' ? generateSecret() : null;
  const grantTypes = input.grantTypes ?? ['authorization_code', 'refresh_token'];
  const now = new Date();
  const client: OAuthClientRow = {
    id: randomUUID(),
    tenantId: tenant.id,
    clientId: generateClientId(),
    name: input.name,
    type,
    secretHash: clientSecret ? hasher.hash(clientSecret) : null,
    redirectUris: input.redirectUris ?? [],
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    grantTypes,
    scopes: input.scopes ?? (actsForNoUser(grantTypes) ? [] : [...USER_SCOPES]),
    accessTokenTtl: input.accessTokenTtl ?? CLIENT_DEFAULTS.accessTokenTtl,
    refreshTokenTtl: input.refreshTokenTtl ?? CLIENT_DEFAULTS.refreshTokenTtl,
    idTokenTtl: input.idTokenTtl ?? CLIENT_DEFAULTS.idTokenTtl,
    firstParty: input.firstParty ?? false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await em.insert(OAuthClientSchema, client);
  await recordEvent(em, {
    type: 'client.created',
    tenant: tenant.slug,
    actor,
    data: { clientId: client.clientId, type: client.type, name: client.name },
  });
  return { client, clientSecret };
}
