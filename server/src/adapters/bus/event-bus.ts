import type { EventEnvelope } from '../../events/envelope.js';

export type DeliveryOutcome =
  | { status: 'handled' }
  | { status: 'duplicate' }
  | { status: 'parked' }
  | { status: 'retry'; delayMs: number };

/** What a bus needs to know of one consumer; built by `bindConsumer` in events/consumer.ts. */
export interface ConsumerBinding {
  /** Stable name; the queue name (after the namespace) and the de-duplication scope. */
  name: string;
  /** Topic patterns as in AMQP: `user.*`, `token.#`, `#`. */
  patterns: string[];
  /** Handles one delivery; rejects only when not even the outcome could be recorded. */
  deliver(envelope: EventEnvelope, attempt: number): Promise<DeliveryOutcome>;
}

export interface PublishOptions {
  /** Null: every subscriber whose pattern matches the type. A name: only that consumer. */
  destination: string | null;
  /** 1 for a first delivery; retries count up. */
  attempt: number;
}

/**
 * The port between the outbox relay and the consumers: RabbitMQ in production, an in-process
 * implementation in embedded mode. `publish` resolves only once the delivery is safe (broker
 * confirm, or every in-process subscriber done), which is when the relay marks the row sent.
 */
export interface EventBus {
  readonly kind: 'rabbitmq' | 'in-process';
  publish(envelope: EventEnvelope, options: PublishOptions): Promise<void>;
  subscribe(binding: ConsumerBinding): Promise<void>;
  check(): Promise<void>;
  close(): Promise<void>;
}

/** AMQP topic matching: `*` is exactly one dot-separated word, `#` zero or more. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const words = routingKey.split('.');
  const parts = pattern.split('.');
  const match = (p: number, w: number): boolean => {
    if (p === parts.length) return w === words.length;
    if (parts[p] === '#') {
      for (let next = w; next <= words.length; next++) if (match(p + 1, next)) return true;
      return false;
    }
    if (w === words.length) return false;
    return (parts[p] === '*' || parts[p] === words[w]) && match(p + 1, w + 1);
  };
  return match(0, 0);
}
