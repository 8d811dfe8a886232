import type { Container } from '../container.js';
import type { EventConsumer } from '../events/consumer.js';
import { accountRequestsConsumer } from './account-requests-consumer.js';
import { auditConsumer } from './audit-consumer.js';
import { mailConsumer } from './mail-consumer.js';

/** Every consumer a worker runs. A new worker job is one line here. */
export function allConsumers(container?: Container): EventConsumer[] {
  return [
    auditConsumer,
    ...(container ? [accountRequestsConsumer(container), mailConsumer(container)] : []),
  ];
}
