import type { EntityManager } from '@mikro-orm/postgresql';
import { createEnvelope, type EventEnvelope, type NewEvent } from './envelope.js';

const INSERT = `insert into outbox_events
  (event_id, type, tenant_id, actor, data, schema_version, occurred_at, destination, attempt, available_at)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Writes an event into the outbox with the caller's entity manager, so that it commits or rolls
 * back together with the domain change it describes. Call it inside `db.transaction(...)`.
 */
export async function recordEvent<D extends Record<string, unknown>>(
  em: EntityManager,
  event: NewEvent<D>,
): Promise<EventEnvelope<D>> {
  const envelope = createEnvelope(event);
  await enqueueDelivery(em, envelope, { destination: null, attempt: 1, delayMs: 0 });
  return envelope;
}

export interface DeliveryOptions {
  /** Null: every subscriber by type. A consumer name: that consumer only (retry, replay). */
  destination: string | null;
  attempt: number;
  delayMs: number;
}

/**
 * An envelope as the outbox's event_id, type, tenant_id, actor, data, schema_version and
 * occurred_at columns hold it, in that order: for statements that write an outbox row themselves.
 */
export function outboxEventColumns(envelope: EventEnvelope): unknown[] {
  return [
    envelope.id,
    envelope.type,
    envelope.tenant,
    JSON.stringify(envelope.actor),
    JSON.stringify(envelope.data),
    envelope.schemaVersion,
    envelope.time,
  ];
}

/** Queues one delivery of an existing envelope; retries and dead-letter replays use it. */
export async function enqueueDelivery(
  em: EntityManager,
  envelope: EventEnvelope,
  options: DeliveryOptions,
): Promise<void> {
  await em.execute(INSERT, [
    ...outboxEventColumns(envelope),
    options.destination,
    options.attempt,
    new Date(Date.now() + options.delayMs).toISOString(),
  ]);
}
