import type { Database } from '../../persistence/database.js';

/** How far one cleanup run may go. */
export interface ExpiredRowPolicy {
  /** How long a row stays after it expired or was revoked: reuse is still recognised meanwhile. */
  graceSeconds: number;
  /** Rows one DELETE removes at most; each batch is its own short transaction. */
  batchSize: number;
  /** Batches per kind of row in one run, so that a run ends even with a large backlog. */
  maxBatches: number;
}

/** How many rows of each kind one run deleted (kinds with none are left out). */
export type ExpiredRowCounts = Partial<Record<SweepName, number>>;

interface Sweep {
  table: string;
  key: string;
  /** A condition on the table's rows; every `?` is the cutoff. */
  where: string;
}

/**
 * The dead rows, in the order they go. Tokens before their families: a family is deleted only
 * once it is empty, so the revocation mark of an access token that has not expired yet is never
 * lost with it. Expired interactions and sessions live in the cache, which expires them itself.
 */
const SWEEPS = {
  authorization_codes: { table: 'authorization_codes', key: 'code_hash', where: 'expires_at < ?' },
  refresh_tokens: { table: 'refresh_tokens', key: 'token_hash', where: 'expires_at < ?' },
  revoked_refresh_tokens: {
    table: 'refresh_tokens',
    key: 'token_hash',
    where: 'family_id in (select id from token_families where revoked_at < ?)',
  },
  issued_access_tokens: { table: 'issued_access_tokens', key: 'jti', where: 'expires_at < ?' },
  token_families: {
    table: 'token_families',
    key: 'id',
    where: `created_at < ? and (revoked_at is null or revoked_at < ?)
      and not exists (select 1 from refresh_tokens r where r.family_id = token_families.id)
      and not exists (select 1 from issued_access_tokens a where a.family_id = token_families.id)`,
  },
  user_tokens: { table: 'user_tokens', key: 'id', where: 'expires_at < ?' },
} satisfies Record<string, Sweep>;

type SweepName = keyof typeof SWEEPS;

/**
 * Deletes rows that expired (or whose family was revoked) more than the grace period before
 * `now`, across every tenant: a maintenance job, like the tenant purge. Each batch is one short
 * statement that skips rows another transaction holds, so a run never waits on or blocks the
 * token endpoint for long, and several workers may run it at once.
 */
export async function deleteExpiredRows(
  db: Database,
  policy: ExpiredRowPolicy,
  now = new Date(),
): Promise<ExpiredRowCounts> {
  const cutoff = new Date(now.getTime() - policy.graceSeconds * 1000);
  const counts: ExpiredRowCounts = {};
  for (const [name, sweep] of Object.entries(SWEEPS) as Array<[SweepName, Sweep]>) {
    let total = 0;
    for (let batch = 0; batch < policy.maxBatches; batch++) {
      const deleted = await deleteBatch(db, sweep, cutoff, policy.batchSize);
      total += deleted;
      if (deleted < policy.batchSize) break;
    }
    if (total > 0) counts[name] = total;
  }
  return counts;
}

async function deleteBatch(
  db: Database,
  sweep: Sweep,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const { table, key, where } = sweep;
  const cutoffs = where.split('?').length - 1;
  const result = await db.em().execute<{ affectedRows: number }>(
    `delete from ${table} where ${key} in (
       select ${key} from ${table} where ${where} limit ? for update skip locked)`,
    [...Array<Date>(cutoffs).fill(cutoff), limit],
    'run',
  );
  return result.affectedRows;
}
