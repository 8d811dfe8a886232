import type { Database } from '../persistence/database.js';
import { createEnvelope, type NewEvent } from './envelope.js';

const COLUMNS = `(event_id, type, tenant_id, actor, data, schema_version, occurred_at,
  destination, attempt, available_at)`;
const PARAMS_PER_ROW = 7;
/** Keeps one statement's parameter count far below PostgreSQL's 65535. */
const MAX_BATCH = 1000;
/** Batches written at once: enough to hide one commit's latency behind the next batch. */
const MAX_IN_FLIGHT = 4;

interface Waiting {
  params: unknown[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the outbox on hot paths: events recorded by concurrent requests in the same
 * tick are written by one multi-row INSERT instead of one transaction each, and every caller's
 * promise settles only when its batch has committed — the event is as durable before the
 * response as with `recordEvent`. A single INSERT is its own transaction, so a batch costs one
 * round trip; the relay finds the rows on its next poll. While batches are being written the
 * next ones gather, so a busier endpoint writes bigger batches rather than more of them.
 */
export class OutboxGroupCommit {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: Database) {}

  record(event: NewEvent): Promise<void> {
    const envelope = createEnvelope(event);
    const params = [
      envelope.id,
      envelope.type,
      envelope.tenant,
      JSON.stringify(envelope.actor),
      JSON.stringify(envelope.data),
      envelope.schemaVersion,
      envelope.time,
    ];
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ params, resolve, reject });
      this.schedule();
    });
  }

  /** Flushes at the end of this tick, so requests handled in the same tick share a batch. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight += 1;
      void this.write(batch).finally(() => {
        this.inFlight -= 1;
        if (this.waiting.length > 0) this.schedule();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      await this.db.query(
        insertStatement(batch.length),
        batch.flatMap((entry) => entry.params),
      );
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}

/** `insert … values ($1, …, $7, null, 1, now()), ($8, …)` for `rows` rows. */
function insertStatement(rows: number): string {
  const values: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    const first = row * PARAMS_PER_ROW + 1;
    const params = Array.from({ length: PARAMS_PER_ROW }, (_, i) => `$${first + i}`);
    values.push(`(${params.join(', ')}, null, 1, now())`);
  }
  return `insert into outbox_events ${COLUMNS} values ${values.join(', ')}`;
}
