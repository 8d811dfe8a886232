import { AuditEventSchema } from './audit-event.js';
import { DeadLetterSchema } from './dead-letter.js';

/** Every entity the ORM knows; listed explicitly so that no folder discovery is needed. */
export const entities = [DeadLetterSchema, AuditEventSchema];
