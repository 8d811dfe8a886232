import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';
import { generateSecret, type SecretHasher } from '../crypto/secret-hash.js';

export type UserTokenPurpose = 'verify_email' | 'reset_password';

/** How long a mailed link works. */
export const TOKEN_TTL_SECONDS: Record<UserTokenPurpose, number> = {
  verify_email: 24 * 3600,
  reset_password: 30 * 60,
};

export interface IssuedUserToken {
  /** The secret that goes in the mailed link; only its hash is stored. */
  raw: string;
  expiresAt: Date;
}

/**
 * Issues a single-use token for a user and kills every older live token of the same purpose,
 * so only the newest mailed link works. The raw token is returned once and never stored.
 */
export async function issueUserToken(
  em: EntityManager,
  hasher: SecretHasher,
  user: { id: string; tenantId: string },
  purpose: UserTokenPurpose,
): Promise<IssuedUserToken> {
  await killUserTokens(em, user.tenantId, user.id, purpose);
  const raw = generateSecret(32);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + TOKEN_TTL_SECONDS[purpose] * 1000);
  await em.execute(
    `insert into user_tokens (id, tenant_id, user_id, purpose, token_hash, created_at, expires_at)
      values (?, ?, ?, ?, ?, ?, ?)`,
    [randomUUID(), user.tenantId, user.id, purpose, hasher.hash(raw), now, expiresAt],
  );
  return { raw, expiresAt };
}

export interface ConsumedUserToken {
  userId: string;
  createdAt: Date;
}

/**
 * Uses a token up in one statement: of two concurrent uses, exactly one gets the row back.
 * Unknown, used, expired or replaced tokens all read as null.
 */
export async function consumeUserToken(
  em: EntityManager,
  hasher: SecretHasher,
  tenantId: string,
  purpose: UserTokenPurpose,
  raw: string,
): Promise<ConsumedUserToken | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) return null;
  const rows = await em.execute<Array<{ user_id: string; created_at: Date | string }>>(
    `update user_tokens set consumed_at = now()
      where tenant_id = ? and purpose = ? and token_hash = ?
        and consumed_at is null and expires_at > now()
      returning user_id, created_at`,
    [tenantId, purpose, hasher.hash(raw)],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, createdAt: new Date(row.created_at) } : null;
}

/** Whether a token is live without using it (the reset page shows its form only then). */
export async function isUserTokenLive(
  em: EntityManager,
  hasher: SecretHasher,
  tenantId: string,
  purpose: UserTokenPurpose,
  raw: string,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(raw)) return false;
  const rows = await em.execute<Array<{ id: string }>>(
    `select id from user_tokens where tenant_id = ? and purpose = ? and token_hash = ?
      and consumed_at is null and expires_at > now()`,
    [tenantId, purpose, hasher.hash(raw)],
  );
  return rows.length > 0;
}

/** Ends every live token of a purpose for a user (a newer link, a password change). */
export async function killUserTokens(
  em: EntityManager,
  tenantId: string,
  userId: string,
  purpose: UserTokenPurpose,
): Promise<void> {
  await em.execute(
    `update user_tokens set consumed_at = now()
      where tenant_id = ? and user_id = ? and purpose = ? and consumed_at is null`,
    [tenantId, userId, purpose],
  );
}
