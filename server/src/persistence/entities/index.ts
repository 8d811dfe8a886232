import { AuditEventSchema } from './audit-event.js';
import { DeadLetterSchema } from './dead-letter.js';
import { OAuthClientSchema } from './oauth-client.js';
import { SigningKeySchema } from './signing-key.js';
import { TenantSchema } from './tenant.js';
import { UserSchema } from './user.js';

/** Every entity the ORM knows; listed explicitly so that no folder discovery is needed. */
export const entities = [
  DeadLetterSchema,
  AuditEventSchema,
  TenantSchema,
  OAuthClientSchema,
  UserSchema,
  SigningKeySchema,
];
