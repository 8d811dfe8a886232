import { EntitySchema } from '@mikro-orm/core';

export type ClientType = 'confidential' | 'public';

export interface OAuthClientRow {
  id: string;
  tenantId: string;
  /** Public and random; unique across all tenants so a token endpoint never confuses two. */
  clientId: string;
  name: string;
  type: ClientType;
  /** Keyed hash of the secret (see domain/crypto/secret-hash.ts); null for public clients. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: string[];
  scopes: string[];
  accessTokenTtl: number;
  refreshTokenTtl: number;
  idTokenTtl: number;
  firstParty: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped on every change, so caches in other processes can tell they are stale. */
  version: number;
}

export const OAuthClientSchema = new EntitySchema<OAuthClientRow>({
  name: 'OAuthClient',
  tableName: 'oauth_clients',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid', index: true },
    clientId: { type: 'string', length: 64, unique: true },
    name: { type: 'string', length: 200 },
    type: { type: 'string', length: 16 },
    secretHash: { type: 'string', length: 200, nullable: true },
    redirectUris: { type: 'json' },
    postLogoutRedirectUris: { type: 'json' },
    grantTypes: { type: 'json' },
    scopes: { type: 'json' },
    accessTokenTtl: { type: 'integer' },
    refreshTokenTtl: { type: 'integer' },
    idTokenTtl: { type: 'integer' },
    firstParty: { type: 'boolean' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    version: { type: 'integer' },
  },
});
