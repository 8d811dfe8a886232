import { randomUUID } from 'node:crypto';
import type { ConsumerBinding, DeliveryOutcome } from '../adapters/bus/event-bus.js';
import type { Logger } from '../logging/logger.js';
import type { Database, EntityManager } from '../persistence/database.js';
import type { EventEnvelope } from './envelope.js';

/** A worker's reaction to events. `handle` runs inside the transaction that marks it handled. */
export interface EventConsumer {
  name: string;
  patterns: string[];
  handle(envelope: EventEnvelope, em: EntityManager): Promise<void>;
}

const MARK_HANDLED = `insert into processed_events (consumer, event_id) values (?, ?)
  on conflict do nothing returning event_id`;

// A crash between parking and the ack brings the message back; it must not be parked twice.
const PARK = `insert into dead_letters
  (id, consumer, event_id, event_type, tenant_id, envelope, error, attempts, parked_at)
  select ?, ?, ?, ?, ?, ?, ?, ?, now()
  where not exists (select 1 from dead_letters
    where consumer = ? and event_id = ? and replayed_at is null)`;

/**
 * Wraps a consumer with the delivery contract every bus relies on: the handler's writes and the
 * "handled" mark commit together (so a redelivery after a crash is skipped), a failure asks for
 * a retry after the next back-off, and the last failure parks the event as a dead letter.
 */
export function bindConsumer(
  db: Database,
  logger: Logger,
  consumer: EventConsumer,
  retryDelaysMs: number[],
): ConsumerBinding {
  const log = logger.child({ consumer: consumer.name });
  return {
    name: consumer.name,
    patterns: consumer.patterns,
    async deliver(envelope, attempt): Promise<DeliveryOutcome> {
      try {
        const fresh = await db.transaction(async (em) => {
          const marked = await em.execute(MARK_HANDLED, [consumer.name, envelope.id]);
          if (marked.length === 0) return false;
          await consumer.handle(envelope, em);
          return true;
        });
        return { status: fresh ? 'handled' : 'duplicate' };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const context = { eventId: envelope.id, type: envelope.type, attempt, reason };
        if (attempt <= retryDelaysMs.length) {
          log.warn('event handler failed; will retry', context);
          return { status: 'retry', delayMs: retryDelaysMs[attempt - 1] ?? 0 };
        }
        await parkDeadLetter(db, consumer.name, envelope, reason, attempt);
        log.error('event handler failed for the last time; parked as a dead letter', context);
        return { status: 'parked' };
      }
    },
  };
}

async function parkDeadLetter(
  db: Database,
  consumer: string,
  envelope: EventEnvelope,
  reason: string,
  attempts: number,
): Promise<void> {
  await db.transaction((em) =>
    em.execute(PARK, [
      randomUUID(),
      consumer,
      envelope.id,
      envelope.type,
      envelope.tenant,
      JSON.stringify(envelope),
      reason.slice(0, 2000),
      attempts,
      consumer,
      envelope.id,
    ]),
  );
}
