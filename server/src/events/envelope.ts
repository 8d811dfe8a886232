import { randomUUID } from 'node:crypto';

/** Who caused an event: a user, a client, an administrator or the system itself. */
export interface EventActor {
  type: 'user' | 'client' | 'admin' | 'system';
  id?: string;
  ip?: string;
}

/**
 * What travels on the bus. `id` is the de-duplication key for every consumer; `type` is the
 * routing key (`user.created`); `schemaVersion` changes only when `data` changes incompatibly.
 */
export interface EventEnvelope<D = Record<string, unknown>> {
  id: string;
  type: string;
  tenant: string | null;
  time: string;
  actor: EventActor;
  data: D;
  schemaVersion: number;
}

export interface NewEvent<D = Record<string, unknown>> {
  type: string;
  tenant: string | null;
  actor?: EventActor;
  data: D;
  schemaVersion?: number;
}

export const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export function createEnvelope<D>(event: NewEvent<D>, now = new Date()): EventEnvelope<D> {
  if (!EVENT_TYPE.test(event.type)) throw new Error(`invalid event type ${event.type}`);
  return {
    id: randomUUID(),
    type: event.type,
    tenant: event.tenant,
    time: now.toISOString(),
    actor: event.actor ?? { type: 'system' },
    data: event.data,
    schemaVersion: event.schemaVersion ?? 1,
  };
}

/** Parses a message body from the bus, refusing anything that is not a whole envelope. */
export function parseEnvelope(body: string): EventEnvelope {
  const value = JSON.parse(body) as Partial<EventEnvelope>;
  if (
    typeof value.id !== 'string' ||
    typeof value.type !== 'string' ||
    typeof value.time !== 'string' ||
    typeof value.data !== 'object' ||
    value.data === null
  ) {
    throw new Error('message is not an event envelope');
  }
  return value as EventEnvelope;
}
