import { AsyncResource } from 'node:async_hooks';
import type { EventBus } from '../adapters/bus/event-bus.js';
import type { Logger } from '../logging/logger.js';
import type { AdvisoryLock, Database } from '../persistence/database.js';
import type { EventEnvelope } from './envelope.js';
import { BUNDLE_TYPE, type BundleData } from './group-commit.js';

const BATCH = 500;

/*
 * One relay per namespace publishes at a time: the one holding the relay's advisory lock, on a
 * connection of its own. The others only try to take the lock on each poll, so a relay whose
 * process dies (and whose connection, and lock, go with it) is replaced within a poll. Holding
 * the lock, a relay reads due rows without claiming them — a claim was an extra UPDATE per event
 * on the token path — and marks them sent once the bus confirmed them. A relay that dies between
 * publishing and marking leaves rows that its successor publishes again; consumers de-duplicate
 * on the event id. No transaction stays open while publishing: the embedded database serialises
 * every connection behind one.
 */
const DUE = `select id, event_id, type, tenant_id, actor, data, schema_version, occurred_at,
    destination, attempt
  from outbox_events
  where published_at is null and available_at <= now()
  order by id limit ${BATCH}`;

// One statement per batch, not per row: on the token path every issued token is an audit row.
const MARK_PUBLISHED = 'update outbox_events set published_at = now() where id = any(?::bigint[])';

interface DueRow {
  id: string;
  event_id: string;
  type: string;
  tenant_id: string | null;
  actor: EventEnvelope['actor'];
  data: Record<string, unknown>;
  schema_version: number;
  occurred_at: Date | string;
  destination: string | null;
  attempt: number;
}

const eventsIn = (row: DueRow) =>
  row.type === BUNDLE_TYPE ? (row.data as unknown as BundleData).events.length : 1;

/**
 * Splits due rows, in order, into runs of at most BATCH events to publish at once: a run of
 * bundles would otherwise put hundreds of thousands of publishes in flight.
 */
function chunksByEvents(rows: DueRow[]): DueRow[][] {
  const chunks: DueRow[][] = [];
  let current: DueRow[] = [];
  let events = 0;
  for (const row of rows) {
    if (current.length > 0 && events + eventsIn(row) > BATCH) {
      chunks.push(current);
      current = [];
      events = 0;
    }
    current.push(row);
    events += eventsIn(row);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Moves committed outbox rows to the bus, marking each sent only after the bus confirmed it. */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lock?: AdvisoryLock;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly namespace: string,
  ) {}

  start(): void {
    this.stopped = false;
    // A commit wakes the relay from inside whichever request made it. Bound here, the wake-up
    // and everything it leads to (publishing, in-process consumers, their log lines) run in
    // the relay's own context, not carrying that one request's id into unrelated work.
    this.db.onCommit(AsyncResource.bind(() => this.wake()));
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.lock?.release();
    this.lock = undefined;
  }

  /**
   * Publishes everything due now, if this relay holds the lock; returns how many events went
   * out (a bundle row counts its events). Tests call it directly.
   */
  async drain(): Promise<number> {
    if (!(await this.lead())) return 0;
    let total = 0;
    for (;;) {
      const rows = (await this.db.em().execute(DUE)) as DueRow[];
      if (rows.length === 0) return total;
      const results: Array<PromiseSettledResult<number>> = [];
      for (const chunk of chunksByEvents(rows)) {
        results.push(...(await Promise.allSettled(chunk.map((row) => this.publishRow(row)))));
      }
      const published = rows.filter((_row, index) => results[index]?.status === 'fulfilled');
      if (published.length > 0) {
        const ids = `{${published.map((row) => row.id).join(',')}}`;
        await this.db.em().execute(MARK_PUBLISHED, [ids]);
      }
      for (const result of results) if (result.status === 'fulfilled') total += result.value;
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      if (rows.length < BATCH) return total;
    }
  }

  /** True while this relay holds the namespace's relay lock, taking it if it is free. */
  private async lead(): Promise<boolean> {
    if (this.lock?.held) return true;
    await this.lock?.release();
    this.lock =
      (await this.db.tryAdvisoryLock(`latchkey.outbox-relay:${this.namespace}`)) ?? undefined;
    return this.lock !== undefined;
  }

  /**
   * Publishes one row's events and answers how many: one, or a group commit's bundle, whose
   * events go out one by one. The row is marked only once all of them were confirmed; a bundle
   * half published is published again whole, which consumers' de-duplication absorbs.
   */
  private async publishRow(row: DueRow): Promise<number> {
    if (row.type === BUNDLE_TYPE) {
      const { events } = row.data as unknown as BundleData;
      await Promise.all(
        events.map((envelope) => this.bus.publish(envelope, { destination: null, attempt: 1 })),
      );
      return events.length;
    }
    const envelope: EventEnvelope = {
      id: row.event_id,
      type: row.type,
      tenant: row.tenant_id,
      time: new Date(row.occurred_at).toISOString(),
      actor: row.actor,
      data: row.data,
      schemaVersion: row.schema_version,
    };
    await this.bus.publish(envelope, { destination: row.destination, attempt: row.attempt });
    return 1;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let failed = false;
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => {
        failed = true;
        this.logger.warn('outbox relay could not publish; will retry', {
          reason: error instanceof Error ? error.message : String(error),
        });
      });
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const next = this.again && !failed ? 0 : this.pollMs * (failed ? 4 : 1);
    this.again = false;
    this.schedule(next);
  }
}
