import type { Database } from '../../persistence/database.js';
import { isAccessTokenRevoked } from './revocation.js';

/**
 * The access-token revocation list as userinfo and introspection consult it: one indexed query
 * on PostgreSQL, which holds the truth, per check. It used to ask Redis first for a remembered
 * "revoked" answer; that saved the query only for revoked tokens and cost every live token a
 * second round trip.
 */
export class RevocationList {
  constructor(private readonly db: Database) {}

  isRevoked(tenantId: string, jti: string): Promise<boolean> {
    return isAccessTokenRevoked(this.db.em(), tenantId, jti);
  }
}
