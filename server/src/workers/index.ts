import type { EventConsumer } from '../events/consumer.js';
import { auditConsumer } from './audit-consumer.js';

/** Every consumer a worker runs. A new worker job is one line here. */
export function allConsumers(): EventConsumer[] {
  return [auditConsumer];
}
