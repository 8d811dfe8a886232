import { EntitySchema } from '@mikro-orm/core';

/** The audit trail: every event the audit consumer has recorded, once per event id. */
export interface AuditEventRow {
  eventId: string;
  type: string;
  tenantId: string | null;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
  occurredAt: Date;
  recordedAt: Date;
}

export const AuditEventSchema = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_events',
  properties: {
    eventId: { type: 'uuid', primary: true },
    type: { type: 'string', length: 120 },
    tenantId: { type: 'string', length: 64, nullable: true },
    actor: { type: 'json' },
    data: { type: 'json' },
    occurredAt: { type: 'datetime' },
    recordedAt: { type: 'datetime' },
  },
});
