import type { Database } from '../persistence/database.js';
import { createEnvelope, type NewEvent } from './envelope.js';

const COLUMNS = `(event_id, type, tenant_id, actor, data, schema_version, occurred_at,
  destination, attempt, available_at)`;
const ROW = '(?, ?, ?, ?, ?, ?, ?, null, 1, now())';
/** Keeps one statement's parameter count far below PostgreSQL's 65535. */
const MAX_BATCH = 1000;

interface Waiting {
  params: unknown[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the outbox on hot paths: events recorded by concurrent requests are written
 * by one multi-row INSERT per tick instead of one transaction each, and every caller's promise
 * settles only when its batch has committed — the event is as durable before the response as
 * with `recordEvent`. While one batch is being written the next one gathers, so a busier
 * endpoint writes bigger batches rather than more of them.
 */
export class OutboxGroupCommit {
  private waiting: Waiting[] = [];
  private writing = false;

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
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.writeBatches());
      }
    });
  }

  private async writeBatches(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      try {
        await this.db.transaction((em) =>
          em.execute(
            `insert into outbox_events ${COLUMNS} values ${batch.map(() => ROW).join(', ')}`,
            batch.flatMap((entry) => entry.params),
          ),
        );
        for (const entry of batch) entry.resolve();
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.writing = false;
  }
}
