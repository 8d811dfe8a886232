import type { EventConsumer } from '../events/consumer.js';

const RECORD = `insert into audit_events (event_id, type, tenant_id, actor, data, occurred_at, recorded_at)
  values (?, ?, ?, ?, ?, ?, now()) on conflict (event_id) do nothing`;

/** Keeps every event in the audit trail, which the audit API and exports read. */
export const auditConsumer: EventConsumer = {
  name: 'audit',
  patterns: ['#'],
  async handle(envelope, em) {
    await em.execute(RECORD, [
      envelope.id,
      envelope.type,
      envelope.tenant,
      JSON.stringify(envelope.actor),
      JSON.stringify(envelope.data),
      envelope.time,
    ]);
  },
};
