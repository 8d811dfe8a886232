import { createHash } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

/**
 * Encrypts secrets at rest (private signing keys, TOTP seeds) under the installation's
 * key-encryption key, as compact JWEs (`dir` + A256GCM) whose `kid` names the KEK. Keeping the
 * `kid` lets a later rotation decrypt with the old key and re-encrypt with the new one.
 */
export class KeyEncryption {
  readonly kid: string;
  private readonly key: Uint8Array;

  constructor(masterKeyBase64Url: string) {
    this.key = new Uint8Array(Buffer.from(masterKeyBase64Url, 'base64url'));
    if (this.key.length !== 32) throw new Error('the master key must be 32 bytes');
    this.kid = `kek-${createHash('sha256').update(this.key).digest('base64url').slice(0, 12)}`;
  }

  async encrypt(plaintext: string): Promise<string> {
    return new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: this.kid })
      .encrypt(this.key);
  }

  async decrypt(jwe: string): Promise<string> {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, this.key);
    if (protectedHeader.kid !== this.kid)
      throw new Error(`encrypted under another key (${protectedHeader.kid})`);
    return new TextDecoder().decode(plaintext);
  }
}
