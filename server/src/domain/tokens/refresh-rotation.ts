import { createEnvelope, type NewEvent } from '../../events/envelope.js';
import { outboxEventColumns } from '../../events/outbox.js';
import type { Database } from '../../persistence/database.js';
import type { ClaimsUser } from './id-tokens.js';
import type { RefreshTokenGrant } from './refresh-tokens.js';

/**
 * The refresh grant's usual case in two round trips and no transaction: read the token, then
 * spend it and write everything it leads to in one statement. The transactional path in
 * `refresh-tokens.ts` stays for every other case; these functions only ever answer "not here".
 */

/** A refresh token that can be spent now, with the grant it carries and its user's claims. */
export interface SpendableRefreshToken {
  grant: RefreshTokenGrant;
  user: ClaimsUser;
}

const FIND_SPENDABLE = `select r.family_id, r.user_id, r.scope, r.sid, r.auth_time, r.acr, r.amr,
       r.resource, u.email, u.email_verified, u.given_name, u.family_name, u.locale
  from refresh_tokens r
  join token_families f on f.id = r.family_id
  join users u on u.id = r.user_id and u.tenant_id = r.tenant_id
 where r.token_hash = $1 and r.tenant_id = $2 and r.client_id = $3
   and r.used_at is null and r.expires_at > now() and f.revoked_at is null
   and u.status = 'active'`;

/**
 * Reads a refresh token of this client if it is unspent, unexpired, in a live family and of an
 * active user; null otherwise, without saying why (the transactional path tells the cases apart,
 * reuse among them). Nothing is locked: `rotateRefreshToken` checks the same conditions again.
 */
export async function findSpendableRefreshToken(
  db: Database,
  tokenHash: string,
  tenantId: string,
  clientId: string,
): Promise<SpendableRefreshToken | null> {
  const [row] = await db.query(
    FIND_SPENDABLE,
    [tokenHash, tenantId, clientId],
    'latchkey_refresh_find_spendable',
  );
  if (!row) return null;
  const userId = row.user_id as string;
  return {
    grant: {
      tenantId,
      clientId,
      familyId: row.family_id as string,
      userId,
      scope: row.scope as string,
      sid: row.sid as string | null,
      authTime: Number(row.auth_time),
      acr: row.acr as string,
      amr: row.amr as string[],
      resource: row.resource as string[],
    },
    user: {
      id: userId,
      email: row.email as string,
      emailVerified: row.email_verified as boolean,
      givenName: row.given_name as string | null,
      familyName: row.family_name as string | null,
      locale: row.locale as string | null,
    },
  };
}

/**
 * One statement, so one atomic write without BEGIN and COMMIT round trips: spend the token under
 * the same conditions `findSpendableRefreshToken` read, and only if that matched, record the new
 * access token in the family, store the rotated refresh token (a copy of the spent one's grant)
 * and put the audit event in the outbox. Every insert reads from `spent`, so a token spent,
 * revoked or expired in between, or a user disabled in between, writes nothing at all.
 */
const ROTATE = `with spent as (
  update refresh_tokens r set used_at = now()
    from token_families f, users u
   where r.token_hash = $1 and r.tenant_id = $2 and r.client_id = $3
     and r.used_at is null and r.expires_at > now()
     and f.id = r.family_id and f.revoked_at is null
     and u.id = r.user_id and u.tenant_id = r.tenant_id and u.status = 'active'
  returning r.*
), access_token as (
  insert into issued_access_tokens (jti, tenant_id, family_id, expires_at)
  select $4::text, tenant_id, family_id, to_timestamp($5::double precision) from spent
), next_refresh_token as (
  insert into refresh_tokens (token_hash, tenant_id, family_id, client_id, user_id, scope, sid,
     auth_time, acr, amr, resource, expires_at, created_at)
  select $6::text, tenant_id, family_id, client_id, user_id, scope, sid, auth_time, acr, amr,
         resource, now() + make_interval(secs => $7::double precision), now()
    from spent where $6::text is not null
), audit_event as (
  insert into outbox_events (event_id, type, tenant_id, actor, data, schema_version, occurred_at,
     destination, attempt, available_at)
  select $8::uuid, $9::text, $10::text, $11::jsonb, $12::jsonb, $13::int, $14::timestamptz, null,
         1, now()
    from spent
)
select count(*)::int as rotated from spent`;

export interface RefreshRotation {
  /** The keyed hash of the token being spent. */
  tokenHash: string;
  tenantId: string;
  clientId: string;
  accessToken: { jti: string; expiresAt: number };
  /** The rotated refresh token, when the grant still holds one: its keyed hash and lifetime. */
  nextRefreshToken?: { hash: string; ttlSeconds: number };
  /** The audit event, written in the same statement. */
  event: NewEvent;
}

/** True when the token was spent and everything written; false when it was no longer spendable. */
export async function rotateRefreshToken(
  db: Database,
  rotation: RefreshRotation,
): Promise<boolean> {
  const envelope = createEnvelope(rotation.event);
  const [row] = await db.query(
    ROTATE,
    [
      rotation.tokenHash,
      rotation.tenantId,
      rotation.clientId,
      rotation.accessToken.jti,
      rotation.accessToken.expiresAt,
      rotation.nextRefreshToken?.hash ?? null,
      rotation.nextRefreshToken?.ttlSeconds ?? 0,
      ...outboxEventColumns(envelope),
    ],
    'latchkey_refresh_rotate',
  );
  return row?.rotated === 1;
}
