import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../errors.js';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
/** Fewer different characters than this is a repetition (`aaaaaaaa`, eight spaces), not a password. */
export const PASSWORD_MIN_DISTINCT = 4;

/** argon2id with parameters from configuration; `@node-rs/argon2` defaults to argon2id. */
export class PasswordHasher {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash?: Promise<string>;

  constructor(memoryKib: number, timeCost: number) {
    this.options = { memoryCost: memoryKib, timeCost, parallelism: 1 };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(stored: string | null, password: string): Promise<boolean> {
    if (!stored) {
      await this.spendOneVerification(password);
      return false;
    }
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the time of one verification for an account that does not exist (or has no
   * password), so that timing does not tell an attacker which emails are registered.
   */
  async spendOneVerification(password: string): Promise<void> {
    this.dummyHash ??= hash('latchkey-dummy-password', this.options);
    await verify(await this.dummyHash, password).catch(() => false);
  }
}

/**
 * NIST SP 800-63B: length is what matters; no composition rules, and a sane upper bound. It also
 * asks to refuse repetitive choices: eight spaces or `abababab` meet the length and nothing else.
 */
export function validatePassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string') {
    throw DomainError.invalid('user.password_invalid', 'Expected the password as a string.', field);
  }
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw DomainError.invalid(
      'user.password_too_short',
      `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
      field,
    );
  }
  if (new Set(password).size < PASSWORD_MIN_DISTINCT) {
    throw DomainError.invalid(
      'user.password_too_simple',
      `Use at least ${PASSWORD_MIN_DISTINCT} different characters: repeats are guessed first.`,
      field,
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw DomainError.invalid(
      'user.password_too_long',
      `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
      field,
    );
  }
  return password;
}
