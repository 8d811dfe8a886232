import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import { type UserRow, UserSchema } from '../../persistence/entities/user.js';
import { SessionStore } from '../sessions/index.js';
import { revokeTokensForUser } from '../tokens/revocation.js';
import { validatePassword } from '../users/passwords.js';
import { findUserByEmail } from '../users/users.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { consumeUserToken, issueUserToken, killUserTokens } from './user-tokens.js';
import { markVerified } from './verification.js';

/**
 * Forgot-password, in the caller's transaction (the worker's, for `account.password_reset.asked`):
 * for a user that exists (and is not disabled), issues a reset token — which kills every older
 * one — and records the job that mails it. The page already answered the same either way.
 */
export async function requestPasswordReset(
  em: EntityManager,
  deps: Pick<AccountDeps, 'crypto'>,
  tenant: Pick<AccountTenant, 'id' | 'slug'>,
  email: string,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  const user = await findUserByEmail(em, tenant.id, email);
  if (!user || user.status === 'disabled') return;
  const token = await issueUserToken(em, deps.crypto.hasher, user, 'reset_password');
  await recordEvent(em, {
    type: 'user.password_reset.requested',
    tenant: tenant.slug,
    actor,
    data: {
      userId: user.id,
      tokenJwe: await deps.crypto.kek.encrypt(token.raw),
      expiresAt: token.expiresAt.toISOString(),
      interaction,
    },
  });
}

/**
 * Completes a reset (C-RESET-1): the token is used up atomically and must be the newest live one
 * and younger than the last password change. The password changes, every other reset token dies,
 * the user's refresh tokens and sessions end, and the "password changed" mail is queued.
 * Returns null when the link is dead; a weak password throws before the token is touched.
 */
export async function completePasswordReset(
  deps: AccountDeps,
  tenant: AccountTenant,
  rawToken: string,
  newPassword: string,
  actor: EventActor,
): Promise<UserRow | null> {
  validatePassword(newPassword);
  const passwordHash = await deps.crypto.passwords.hash(newPassword);
  const user = await deps.db.transaction(async (em) => {
    const consumed = await consumeUserToken(
      em,
      deps.crypto.hasher,
      tenant.id,
      'reset_password',
      rawToken,
    );
    if (!consumed) return null;
    const found = await em.findOne(UserSchema, { tenantId: tenant.id, id: consumed.userId });
    if (!found || found.status === 'disabled') return null;
    if (found.passwordChangedAt && consumed.createdAt < found.passwordChangedAt) return null;
    const who = { ...actor, type: 'user' as const, id: found.id };
    await storeNewPassword(em, tenant, found, passwordHash);
    // The link reached the mailbox, which proves the address as well as a verification link.
    await markVerified(em, tenant, found, who);
    await revokeTokensForUser(em, tenant.id, found.id, 'password_reset');
    await recordEvent(em, {
      type: 'user.password_reset.completed',
      tenant: tenant.slug,
      actor: who,
      data: { userId: found.id },
    });
    return found;
  });
  if (user) await new SessionStore(deps.cache).destroyAllForUser(tenant.id, user.id);
  return user;
}

/** Writes a new password hash and moves `passwordChangedAt`, killing every older reset link. */
export async function storeNewPassword(
  em: EntityManager,
  tenant: AccountTenant,
  user: UserRow,
  passwordHash: string,
): Promise<void> {
  const now = new Date();
  await em.nativeUpdate(
    UserSchema,
    { tenantId: tenant.id, id: user.id },
    { passwordHash, passwordChangedAt: now, updatedAt: now },
  );
  user.passwordHash = passwordHash;
  user.passwordChangedAt = now;
  await killUserTokens(em, tenant.id, user.id, 'reset_password');
}
