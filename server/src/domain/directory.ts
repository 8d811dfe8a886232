import type { CryptoKey, JWK } from 'jose';
import { importJWK } from 'jose';
import type { Cache } from '../adapters/cache/cache.js';
import type { Database } from '../persistence/database.js';
import { type OAuthClientRow, OAuthClientSchema } from '../persistence/entities/oauth-client.js';
import { type TenantRow, TenantSchema } from '../persistence/entities/tenant.js';
import type { KeyEncryption } from './crypto/key-encryption.js';
import {
  type ActiveSigningKey,
  findPublishedKeys,
  importSigningKey,
  publicJwkOf,
} from './keys/signing-keys.js';

const INVALIDATION_CHANNEL = 'directory.invalidate';
/** Upper bound on staleness should an invalidation message be missed. */
const MAX_AGE_MS = 60_000;

type Kind = 'tenant' | 'client' | 'keys';

interface Entry<T> {
  value: T;
  loadedAt: number;
}

export interface TenantKeys {
  active: ActiveSigningKey;
  /** Public JWKs by kid: what the JWKS publishes and what verification accepts. */
  published: Map<string, { jwk: JWK; key: CryptoKey }>;
}

/**
 * Read-through caches for what every token request needs: the tenant, the client and the
 * tenant's keys (imported once). Writers call `invalidate`, which reaches every process through
 * the cache's broadcast, so a changed client or a rotated key is seen everywhere at once.
 */
export class Directory {
  private readonly tenants = new Map<string, Entry<TenantRow | null>>();
  private readonly tenantsById = new Map<string, Entry<TenantRow | null>>();
  private readonly clients = new Map<string, Entry<OAuthClientRow | null>>();
  private readonly keys = new Map<string, Entry<Promise<TenantKeys | null>>>();
  /**
   * Bumped by every invalidation of a kind. A read that began before one may have read the row
   * as it was before the change: it answers its caller but is not cached, or the stale row
   * would outlive the invalidation (a rotated secret still accepted, for up to MAX_AGE_MS).
   */
  private readonly generations: Record<Kind, number> = { tenant: 0, client: 0, keys: 0 };

  constructor(
    private readonly db: Database,
    private readonly cache: Cache,
    private readonly kek: KeyEncryption,
  ) {}

  async start(): Promise<void> {
    await this.cache.onBroadcast(INVALIDATION_CHANNEL, (message) => {
      const { kind, key } = JSON.parse(message) as { kind: Kind; key: string };
      this.drop(kind, key);
    });
  }

  /** Forgets a cached tenant (by slug), client (by client_id) or key set (by tenant id). */
  async invalidate(kind: Kind, key: string): Promise<void> {
    this.drop(kind, key);
    await this.cache.broadcast(INVALIDATION_CHANNEL, JSON.stringify({ kind, key }));
  }

  async tenantBySlug(slug: string): Promise<TenantRow | null> {
    return this.readThrough('tenant', this.tenants, slug, () =>
      this.db.em().findOne(TenantSchema, { slug }),
    );
  }

  async tenantById(id: string): Promise<TenantRow | null> {
    return this.readThrough('tenant', this.tenantsById, id, () =>
      this.db.em().findOne(TenantSchema, { id }),
    );
  }

  async clientById(clientId: string): Promise<OAuthClientRow | null> {
    return this.readThrough('client', this.clients, clientId, () =>
      this.db.em().findOne(OAuthClientSchema, { clientId }),
    );
  }

  async tenantKeys(tenantId: string): Promise<TenantKeys | null> {
    const cached = this.keys.get(tenantId);
    if (cached && Date.now() - cached.loadedAt < MAX_AGE_MS) return cached.value;
    const loading = this.loadKeys(tenantId);
    this.keys.set(tenantId, { value: loading, loadedAt: Date.now() });
    loading.catch(() => this.keys.delete(tenantId));
    return loading;
  }

  private async loadKeys(tenantId: string): Promise<TenantKeys | null> {
    const rows = await findPublishedKeys(this.db.em(), tenantId);
    const activeRow = rows.find((row) => row.status === 'active');
    if (!activeRow) return null;
    const published = new Map<string, { jwk: JWK; key: CryptoKey }>();
    for (const row of rows) {
      const jwk = publicJwkOf(row);
      published.set(row.kid, { jwk, key: (await importJWK(jwk, row.alg)) as CryptoKey });
    }
    return { active: await importSigningKey(this.kek, activeRow), published };
  }

  private async readThrough<T>(
    kind: Kind,
    map: Map<string, Entry<T | null>>,
    key: string,
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    const cached = map.get(key);
    if (cached && Date.now() - cached.loadedAt < MAX_AGE_MS) return cached.value;
    const generation = this.generations[kind];
    const value = await load();
    // Misses are not cached: random ids from a caller must not grow the map without bound.
    if (value !== null && generation === this.generations[kind]) {
      map.set(key, { value, loadedAt: Date.now() });
    }
    return value;
  }

  private drop(kind: Kind, key: string): void {
    this.generations[kind] += 1;
    if (kind === 'tenant') {
      this.tenants.delete(key);
      for (const [id, entry] of this.tenantsById)
        if (entry.value?.slug === key) this.tenantsById.delete(id);
    }
    if (kind === 'client') this.clients.delete(key);
    if (kind === 'keys') this.keys.delete(key);
  }
}
