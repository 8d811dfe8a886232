import type { Cache } from '../../adapters/cache/cache.js';
import type { Database } from '../../persistence/database.js';
import { isAccessTokenRevoked } from './revocation.js';

const keyOf = (tenantId: string, jti: string) => `revoked-jti:${tenantId}:${jti}`;

/**
 * The access-token revocation list as userinfo and introspection consult it. PostgreSQL holds
 * the truth; the cache remembers only "revoked" answers (until the token would have expired),
 * so a lost or stale cache can make a check slower but never lets a revoked token through.
 */
export class RevocationList {
  constructor(
    private readonly db: Database,
    private readonly cache: Cache,
  ) {}

  async isRevoked(tenantId: string, jti: string, exp: number): Promise<boolean> {
    if ((await this.cache.get(keyOf(tenantId, jti))) === '1') return true;
    const revoked = await isAccessTokenRevoked(this.db.em(), tenantId, jti);
    if (revoked) await this.remember(tenantId, jti, exp);
    return revoked;
  }

  /** Notes a revocation that has committed to the database. */
  async remember(tenantId: string, jti: string, exp: number): Promise<void> {
    const ttl = exp - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.cache.set(keyOf(tenantId, jti), '1', ttl);
  }
}
