import { EntitySchema } from '@mikro-orm/core';

/**
 * A tenant's token-signing key. `next` keys are published in the JWKS before they sign, so
 * relying parties have them cached by the time rotation makes them `active`; a `retired` key
 * stays published until `unpublishAfter`, when every token it signed has expired.
 */
export type SigningKeyStatus = 'next' | 'active' | 'retired';

export interface SigningKeyRow {
  kid: string;
  tenantId: string;
  alg: 'ES256' | 'RS256';
  status: SigningKeyStatus;
  publicJwk: Record<string, unknown>;
  /** The private JWK, encrypted under the key-encryption key as a compact JWE. */
  privateJwe: string;
  createdAt: Date;
  activatedAt: Date | null;
  retiredAt: Date | null;
  unpublishAfter: Date | null;
}

export const SigningKeySchema = new EntitySchema<SigningKeyRow>({
  name: 'SigningKey',
  tableName: 'signing_keys',
  properties: {
    kid: { type: 'string', length: 64, primary: true },
    tenantId: { type: 'uuid' },
    alg: { type: 'string', length: 10 },
    status: { type: 'string', length: 16 },
    publicJwk: { type: 'json' },
    privateJwe: { type: 'text' },
    createdAt: { type: 'datetime' },
    activatedAt: { type: 'datetime', nullable: true },
    retiredAt: { type: 'datetime', nullable: true },
    unpublishAfter: { type: 'datetime', nullable: true },
  },
});
