import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Hashes of high-entropy secrets (client secrets, refresh, reset and verification tokens). They
 * carry at least 256 bits, so a slow password hash adds nothing but a denial-of-service lever on
 * the token endpoint: a keyed HMAC-SHA-256 is both safe and fast. The key (a "pepper" derived
 * from the master key) means a stolen table alone cannot even confirm a guessed secret.
 */
export class SecretHasher {
  private readonly pepper: Buffer;

  constructor(masterKeyBase64Url: string) {
    this.pepper = createHash('sha256')
      .update('latchkey/secret-hash/v1')
      .update(Buffer.from(masterKeyBase64Url, 'base64url'))
      .digest();
  }

  hash(secret: string): string {
    return `hs256$${createHmac('sha256', this.pepper).update(secret).digest('base64url')}`;
  }

  verify(secret: string, stored: string | null): boolean {
    if (!stored) return false;
    const expected = Buffer.from(stored);
    const actual = Buffer.from(this.hash(secret));
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}

/** A new random secret for clients and tokens: 32 bytes, base64url. */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
