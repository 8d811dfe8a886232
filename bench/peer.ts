import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/**
 * The provider's own memory adapter keeps only the last 1000 entries; minting a pool of refresh
 * tokens would evict most of it. This unbounded one is the same thing without the limit.
 */
class MemoryStore {
  private static readonly store = new Map<string, Record<string, unknown>>();
  private static readonly byGrant = new Map<string, Set<string>>();

  constructor(private readonly model: string) {}

  private key(id: string) {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: Record<string, unknown>) {
    MemoryStore.store.set(this.key(id), payload);
    const grantId = payload.grantId as string | undefined;
    if (grantId) {
      const keys = MemoryStore.byGrant.get(grantId) ?? new Set<string>();
      keys.add(this.key(id));
      MemoryStore.byGrant.set(grantId, keys);
    }
  }

  async find(id: string) {
    return MemoryStore.store.get(this.key(id));
  }

  async findByUid(uid: string) {
    for (const value of MemoryStore.store.values()) if (value.uid === uid) return value;
    return undefined;
  }

  async findByUserCode(userCode: string) {
    for (const value of MemoryStore.store.values()) if (value.userCode === userCode) return value;
    return undefined;
  }

  async consume(id: string) {
    const value = MemoryStore.store.get(this.key(id));
    if (value) value.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string) {
    MemoryStore.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string) {
    for (const key of MemoryStore.byGrant.get(grantId) ?? []) MemoryStore.store.delete(key);
    MemoryStore.byGrant.delete(grantId);
  }
}

export const PEER_CLIENT = {
  id: 'bench-client',
  secret: 'bench-secret-0123456789abcdefghijklmnop',
};
const RESOURCE = 'https://api.bench.test';

/**
 * node-oidc-provider as the peer: ES256 JWT access tokens by client credentials (via resource
 * indicators, its way of choosing the token format), refresh tokens and introspection, all in
 * memory — the fastest storage it can have.
 */
export async function startPeer(port: number) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    adapter: MemoryStore,
    clients: [
      {
        client_id: PEER_CLIENT.id,
        client_secret: PEER_CLIENT.secret,
        grant_types: ['client_credentials', 'refresh_token', 'authorization_code'],
        redirect_uris: ['https://rp.bench.test/cb'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'peer-1', alg: 'ES256', use: 'sig' }] },
    scopes: ['openid', 'offline_access', 'api:read'],
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'api:read',
          audience: RESOURCE,
          accessTokenTTL: 900,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    // Every refresh spends the token and returns a new one, as Latchkey does.
    rotateRefreshToken: true,
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => {
    process.stderr.write(`peer server_error: ${error.message}\n`);
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  /** Refresh tokens minted through the provider's own models, each usable once. */
  async function mintRefreshTokens(count: number): Promise<string[]> {
    const client = await provider.Client.find(PEER_CLIENT.id);
    const tokens: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const grant = new provider.Grant({ accountId: `user-${i}`, clientId: PEER_CLIENT.id });
      grant.addOIDCScope('openid offline_access');
      grant.addResourceScope(RESOURCE, 'api:read');
      const grantId = await grant.save();
      const token = new provider.RefreshToken({
        client,
        accountId: `user-${i}`,
        grantId,
        scope: 'openid offline_access',
        gty: 'authorization_code',
        authTime: Math.floor(Date.now() / 1000),
        sessionUid: randomUUID(),
        resource: RESOURCE,
      });
      tokens.push(await token.save());
    }
    return tokens;
  }

  /** An opaque access token the provider stores, so that its introspection has work to do. */
  async function mintAccessToken(): Promise<string> {
    const client = await provider.Client.find(PEER_CLIENT.id);
    const grant = new provider.Grant({ accountId: 'user-x', clientId: PEER_CLIENT.id });
    grant.addOIDCScope('openid');
    const grantId = await grant.save();
    const token = new provider.AccessToken({
      client,
      accountId: 'user-x',
      grantId,
      scope: 'openid',
      gty: 'authorization_code',
    });
    return token.save();
  }

  return {
    url: issuer,
    mintRefreshTokens,
    mintAccessToken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
