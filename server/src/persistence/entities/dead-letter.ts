import { EntitySchema } from '@mikro-orm/core';

/** An event a consumer gave up on after every retry, kept for an operator to inspect and replay. */
export interface DeadLetterRow {
  id: string;
  consumer: string;
  eventId: string;
  eventType: string;
  tenantId: string | null;
  envelope: Record<string, unknown>;
  error: string;
  attempts: number;
  parkedAt: Date;
  replayedAt: Date | null;
}

export const DeadLetterSchema = new EntitySchema<DeadLetterRow>({
  name: 'DeadLetter',
  tableName: 'dead_letters',
  properties: {
    id: { type: 'uuid', primary: true },
    consumer: { type: 'string', length: 200 },
    eventId: { type: 'uuid' },
    eventType: { type: 'string', length: 120 },
    tenantId: { type: 'string', length: 64, nullable: true },
    envelope: { type: 'json' },
    error: { type: 'text' },
    attempts: { type: 'integer' },
    parkedAt: { type: 'datetime' },
    replayedAt: { type: 'datetime', nullable: true },
  },
});
