import type { EventEnvelope } from '../../events/envelope.js';
import { enqueueDelivery } from '../../events/outbox.js';
import type { Database } from '../../persistence/database.js';
import { DomainError } from '../errors.js';

/** An event one consumer gave up on after its last retry, as an operator sees it. */
export interface DeadLetter {
  id: string;
  consumer: string;
  eventId: string;
  eventType: string;
  tenant: string | null;
  error: string;
  attempts: number;
  parkedAt: string;
  replayedAt: string | null;
  envelope: EventEnvelope;
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** Pass it back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface ListDeadLettersOptions {
  limit?: number;
  cursor?: string;
  /** Also list letters already replayed; by default only those still waiting for an operator. */
  includeReplayed?: boolean;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string;
  event_type: string;
  tenant_id: string | null;
  envelope: EventEnvelope;
  error: string;
  attempts: number;
  parked_at: Date | string;
  replayed_at: Date | string | null;
  /** parked_at in microseconds: JS dates would round it and make pages skip rows. */
  position: string;
}

const COLUMNS = `id, consumer, event_id, event_type, tenant_id, envelope, error, attempts,
  parked_at, replayed_at, (extract(epoch from parked_at) * 1000000)::bigint::text as position`;
const POSITION = '(extract(epoch from parked_at) * 1000000)::bigint';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_PAGE = 200;

/**
 * Lists dead letters, newest first, a page at a time.
 *
 * @example
 *   const first = await listDeadLetters(db, { limit: 20 });
 *   const next = await listDeadLetters(db, { limit: 20, cursor: first.nextCursor ?? undefined });
 */
export async function listDeadLetters(
  db: Database,
  options: ListDeadLettersOptions = {},
): Promise<DeadLetterPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_PAGE);
  const where: string[] = [];
  const params: unknown[] = [];
  if (!options.includeReplayed) where.push('replayed_at is null');
  if (options.cursor) {
    const [position, id] = decodeCursor(options.cursor);
    where.push(`(${POSITION}, id) < (?::bigint, ?::uuid)`);
    params.push(position, id);
  }
  const sql = `select ${COLUMNS} from dead_letters
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by ${POSITION} desc, id desc limit ${limit + 1}`;

  const rows = (await db.em().execute(sql, params)) as DeadLetterRow[];

  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeadLetter),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

/**
 * Sends a parked event once more, to the consumer that parked it and no other, with a fresh
 * round of retries. The delivery and the `replayedAt` mark commit together; a letter is
 * replayed at most once (park it again by letting it fail again).
 */
export async function replayDeadLetter(db: Database, id: string): Promise<DeadLetter> {
  if (!UUID.test(id)) throw notFound(id);
  return db.transaction(async (em) => {
    const [row] = (await em.execute(
      `update dead_letters set replayed_at = now() where id = ? and replayed_at is null
        returning ${COLUMNS}`,
      [id],
    )) as DeadLetterRow[];
    if (!row) {
      const [existing] = await em.execute('select 1 from dead_letters where id = ?', [id]);
      if (!existing) throw notFound(id);
      throw DomainError.conflict(
        'dead_letter.already_replayed',
        `Dead letter ${id} was already replayed.`,
      );
    }

    const letter = toDeadLetter(row);
    await enqueueDelivery(em, letter.envelope, {
      destination: letter.consumer,
      attempt: 1,
      delayMs: 0,
    });
    return letter;
  });
}

function notFound(id: string): DomainError {
  return DomainError.notFound('dead_letter.not_found', `No dead letter ${id}.`);
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    consumer: row.consumer,
    eventId: row.event_id,
    eventType: row.event_type,
    tenant: row.tenant_id,
    error: row.error,
    attempts: row.attempts,
    parkedAt: new Date(row.parked_at).toISOString(),
    replayedAt: row.replayed_at === null ? null : new Date(row.replayed_at).toISOString(),
    envelope: row.envelope,
  };
}

function encodeCursor(row: DeadLetterRow): string {
  return Buffer.from(`${row.position}.${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [position, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (!position || !/^-?\d+$/.test(position) || !id || !UUID.test(id)) {
    throw DomainError.invalid('dead_letter.cursor_invalid', 'The cursor is not valid.', 'cursor');
  }
  return [position, id];
}
