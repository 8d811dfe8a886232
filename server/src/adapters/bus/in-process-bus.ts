import type { EventEnvelope } from '../../events/envelope.js';
import {
  type ConsumerBinding,
  type EventBus,
  type PublishOptions,
  topicMatches,
} from './event-bus.js';

/** Makes a retry durable: the embedded bus writes it back to the outbox, due after `delayMs`. */
export type RetryScheduler = (
  envelope: EventEnvelope,
  consumer: string,
  attempt: number,
  delayMs: number,
) => Promise<void>;

/**
 * The embedded bus. Deliveries run in this process, and `publish` resolves only when every
 * matching consumer has handled, parked or durably rescheduled the event — so the relay marks
 * the outbox row sent only then, and a crash mid-handler means the row is delivered again.
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process' as const;
  private readonly bindings: ConsumerBinding[] = [];
  private closed = false;

  constructor(private readonly scheduleRetry: RetryScheduler) {}

  async publish(envelope: EventEnvelope, options: PublishOptions): Promise<void> {
    const targets = this.bindings.filter((binding) =>
      options.destination
        ? binding.name === options.destination
        : binding.patterns.some((pattern) => topicMatches(pattern, envelope.type)),
    );
    await Promise.all(
      targets.map(async (binding) => {
        const outcome = await binding.deliver(envelope, options.attempt);
        if (outcome.status === 'retry') {
          await this.scheduleRetry(envelope, binding.name, options.attempt + 1, outcome.delayMs);
        }
      }),
    );
  }

  async subscribe(binding: ConsumerBinding): Promise<void> {
    this.bindings.push(binding);
  }

  async check(): Promise<void> {
    if (this.closed) throw new Error('the in-process bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    this.bindings.length = 0;
  }
}
