import { randomUUID } from 'node:crypto';
import type { EntityManager } from '../../persistence/database.js';

export type LoginResult = 'succeeded' | 'failed' | 'throttled' | 'unverified' | 'disabled';

export interface LoginAttempt {
  tenantId: string;
  /** Null when the email matched no user: the attempt is still kept, without the address. */
  userId: string | null;
  result: LoginResult;
  ip: string | null;
  userAgent: string | null;
}

/** Appends one sign-in attempt to the user's login history, in the caller's transaction. */
export async function recordLoginAttempt(em: EntityManager, attempt: LoginAttempt): Promise<void> {
  await em.execute(
    `insert into login_attempts (id, tenant_id, user_id, result, ip, user_agent, occurred_at)
      values (?, ?, ?, ?, ?, ?, now())`,
    [
      randomUUID(),
      attempt.tenantId,
      attempt.userId,
      attempt.result,
      attempt.ip?.slice(0, 64) ?? null,
      attempt.userAgent?.slice(0, 512) ?? null,
    ],
  );
}

export interface LoginHistoryEntry {
  result: LoginResult;
  ip: string | null;
  userAgent: string | null;
  occurredAt: Date;
}

/** The latest sign-in attempts of a user, newest first. */
export async function listLoginHistory(
  em: EntityManager,
  tenantId: string,
  userId: string,
  limit = 20,
): Promise<LoginHistoryEntry[]> {
  const rows = await em.execute<
    Array<{ result: LoginResult; ip: string | null; user_agent: string | null; occurred_at: Date }>
  >(
    `select result, ip, user_agent, occurred_at from login_attempts
      where tenant_id = ? and user_id = ? order by occurred_at desc limit ?`,
    [tenantId, userId, limit],
  );
  return rows.map((row) => ({
    result: row.result,
    ip: row.ip,
    userAgent: row.user_agent,
    occurredAt: new Date(row.occurred_at),
  }));
}
