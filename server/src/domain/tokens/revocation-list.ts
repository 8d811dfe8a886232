import type { Database } from '../../persistence/database.js';

/**
 * An access token is revoked when it was revoked itself (RFC 7009) or its family was (a refresh
 * token's reuse, a user disabled, a client deleted). Client-credentials tokens are recorded only
 * once revoked, so no row means live. The query answers exactly one row either way, so that a
 * missing answer can mean only a fault, never "live".
 */
const IS_REVOKED = `select exists (
    select 1 from issued_access_tokens t left join token_families f on f.id = t.family_id
     where t.jti = $1 and t.tenant_id = $2
       and (t.revoked_at is not null or f.revoked_at is not null)) as revoked`;

/**
 * The access-token revocation list as userinfo and introspection consult it: one indexed query
 * on PostgreSQL, which holds the truth, per check, as a prepared statement on the driver (no ORM
 * on this path: it runs once per introspection). It used to ask Redis first for a remembered
 * "revoked" answer; that saved the query only for revoked tokens and cost every live token a
 * second round trip.
 */
export class RevocationList {
  constructor(private readonly db: Database) {}

  async isRevoked(tenantId: string, jti: string): Promise<boolean> {
    const [row] = await this.db.query(IS_REVOKED, [jti, tenantId], 'latchkey_access_token_revoked');
    if (typeof row?.revoked !== 'boolean') throw new Error('the revocation check gave no answer');
    return row.revoked;
  }
}
