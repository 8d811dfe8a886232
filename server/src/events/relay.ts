import type { EventBus } from '../adapters/bus/event-bus.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../persistence/database.js';
import type { EventEnvelope } from './envelope.js';

const BATCH = 200;

/*
 * Claims due rows with a lease instead of holding a transaction while publishing: the embedded
 * database serialises all connections behind an open transaction, and a lease also lets several
 * relays (one per process) share the table. A relay that dies leaves rows whose lease runs out,
 * and they are published again; consumers de-duplicate on the event id.
 */
const CLAIM = `update outbox_events set claimed_until = now() + make_interval(secs => ?)
  where id in (
    select id from outbox_events
    where published_at is null and available_at <= now()
      and (claimed_until is null or claimed_until < now())
    order by id limit ${BATCH}
    for update skip locked)
  returning id, event_id, type, tenant_id, actor, data, schema_version, occurred_at,
    destination, attempt`;

// One statement per batch, not per row: on the token path every issued token is an audit row.
const MARK_PUBLISHED = 'update outbox_events set published_at = now() where id = any(?::bigint[])';
const RELEASE = 'update outbox_events set claimed_until = null where id = ?';

interface ClaimedRow {
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

/** Moves committed outbox rows to the bus, marking each sent only after the bus confirmed it. */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly leaseSeconds = 60,
  ) {}

  start(): void {
    this.stopped = false;
    this.db.onCommit(() => this.wake());
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Publishes everything due now; returns how many rows went out. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = (await this.db.em().execute(CLAIM, [this.leaseSeconds])) as ClaimedRow[];
      if (rows.length === 0) return total;
      const results = await Promise.allSettled(rows.map((row) => this.publishRow(row)));
      const published = rows.filter((_row, index) => results[index]?.status === 'fulfilled');
      if (published.length > 0) {
        const ids = `{${published.map((row) => row.id).join(',')}}`;
        await this.db.em().execute(MARK_PUBLISHED, [ids]);
      }
      total += published.length;
      if (published.length < rows.length) return total;
    }
  }

  private async publishRow(row: ClaimedRow): Promise<void> {
    const envelope: EventEnvelope = {
      id: row.event_id,
      type: row.type,
      tenant: row.tenant_id,
      time: new Date(row.occurred_at).toISOString(),
      actor: row.actor,
      data: row.data,
      schemaVersion: row.schema_version,
    };
    try {
      await this.bus.publish(envelope, { destination: row.destination, attempt: row.attempt });
    } catch (error) {
      await this.db
        .em()
        .execute(RELEASE, [row.id])
        .catch(() => undefined);
      throw error;
    }
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
