import { randomBytes } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { EntityManager } from '../../persistence/database.js';
import {
  type SigningKeyRow,
  SigningKeySchema,
  type SigningKeyStatus,
} from '../../persistence/entities/signing-key.js';
import type { KeyEncryption } from '../crypto/key-encryption.js';

export type SigningAlg = SigningKeyRow['alg'];
export const SIGNING_ALGS: SigningAlg[] = ['ES256', 'RS256'];

/** A key ready to sign: imported once and kept, never re-parsed per token. */
export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  privateKey: CryptoKey;
}

/** Generates a key pair for a tenant and stores it with the private half encrypted. */
export async function createSigningKey(
  em: EntityManager,
  kek: KeyEncryption,
  tenantId: string,
  alg: SigningAlg,
  status: SigningKeyStatus,
): Promise<SigningKeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(12).toString('base64url');
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg };
  const now = new Date();
  const row: SigningKeyRow = {
    kid,
    tenantId,
    alg,
    status,
    publicJwk,
    privateJwe: await kek.encrypt(JSON.stringify(privateJwk)),
    createdAt: now,
    activatedAt: status === 'active' ? now : null,
    retiredAt: null,
    unpublishAfter: null,
  };
  await em.insert(SigningKeySchema, row);
  return row;
}

/** The keys a tenant's JWKS publishes: next, active, and retired ones still within their window. */
export async function findPublishedKeys(
  em: EntityManager,
  tenantId: string,
): Promise<SigningKeyRow[]> {
  const rows = await em.find(SigningKeySchema, { tenantId }, { orderBy: { createdAt: 'desc' } });
  const now = Date.now();
  return rows.filter(
    (row) => row.status !== 'retired' || (row.unpublishAfter && row.unpublishAfter.getTime() > now),
  );
}

export async function importSigningKey(
  kek: KeyEncryption,
  row: SigningKeyRow,
): Promise<ActiveSigningKey> {
  const jwk = JSON.parse(await kek.decrypt(row.privateJwe)) as JWK;
  const privateKey = (await importJWK(jwk, row.alg)) as CryptoKey;
  return { kid: row.kid, alg: row.alg, privateKey };
}

export function publicJwkOf(row: SigningKeyRow): JWK {
  return row.publicJwk as JWK;
}
