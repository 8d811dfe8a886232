import { randomUUID } from 'node:crypto';
import type { Database } from '../persistence/database.js';
import { createEnvelope, type EventEnvelope, type NewEvent } from './envelope.js';

/**
 * The outbox row type of a group commit's batch: one row whose `data.events` holds the batch's
 * envelopes, each published on its own by the relay. See OutboxGroupCommit for why.
 */
export const BUNDLE_TYPE = 'outbox.bundle';

export interface BundleData {
  events: EventEnvelope[];
}

const INSERT_BUNDLE = `insert into outbox_events
  (event_id, type, tenant_id, actor, data, schema_version, occurred_at, destination, attempt,
   available_at)
  values ($1, '${BUNDLE_TYPE}', null, '{"type":"system"}', $2::jsonb, 1, now(), null, 1, now())`;
/** Bounds one bundle, and so what the relay holds in memory for one row. */
const MAX_BATCH = 256;

interface Waiting {
  envelope: EventEnvelope;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the outbox on hot paths: the events that concurrent requests record while one
 * write is under way go into the outbox together, as one row (a bundle), by one INSERT that is
 * its own transaction; every caller's promise settles only when that row has committed, so each
 * event is as durable before the response as with `recordEvent`. The relay publishes a bundle's
 * events one by one, with their own ids, so consumers see no difference.
 *
 * Why one row and one write in flight: on the token path every token is an audit event, and on
 * the 2-core benchmark machine the database's CPU per row (a tuple, two index entries, a sequence
 * value, two jsonb parses) and per commit was taken from the api process. A row per batch and one
 * batch at a time gave about a third more tokens/s than a row per event and four batches in
 * flight, at a lower p99 (docs/performance.md). A busier endpoint writes bigger bundles rather
 * than more of them.
 */
export class OutboxGroupCommit {
  private waiting: Waiting[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly db: Database) {}

  record(event: NewEvent): Promise<void> {
    const envelope = createEnvelope(event);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ envelope, resolve, reject });
      this.schedule();
    });
  }

  /** Flushes at the end of this tick, so requests handled in the same tick share a bundle. */
  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, MAX_BATCH);
    try {
      await this.write(batch);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      // One event the database refuses (text it cannot store, say) must fail its own caller
      // only, not every request that happened to share its bundle: write each alone.
      else
        await Promise.all(
          batch.map((entry) => this.write([entry]).then(entry.resolve, entry.reject)),
        );
    } finally {
      this.writing = false;
      if (this.waiting.length > 0) this.schedule();
    }
  }

  private async write(batch: readonly Waiting[]): Promise<void> {
    const bundle: BundleData = { events: batch.map((entry) => entry.envelope) };
    await this.db.query(
      INSERT_BUNDLE,
      [randomUUID(), JSON.stringify(bundle)],
      'latchkey_outbox_bundle',
    );
  }
}
