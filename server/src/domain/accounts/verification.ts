import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import { type UserRow, UserSchema } from '../../persistence/entities/user.js';
import { findUserByEmail } from '../users/users.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { consumeUserToken, issueUserToken } from './user-tokens.js';

/**
 * Issues a verification token and records the job that mails it, in the caller's transaction.
 * The raw token travels to the worker encrypted under the KEK, never in plain text.
 */
export async function requestEmailVerification(
  em: EntityManager,
  deps: Pick<AccountDeps, 'crypto'>,
  tenant: Pick<AccountTenant, 'id' | 'slug'>,
  user: UserRow,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  const token = await issueUserToken(em, deps.crypto.hasher, user, 'verify_email');
  await recordEvent(em, {
    type: 'user.email_verification.requested',
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
 * Resend, in the caller's transaction (the worker's, for `account.verification.asked`): mails a
 * new link only to a user still unverified; the page already answered the same either way.
 */
export async function resendVerification(
  em: EntityManager,
  deps: Pick<AccountDeps, 'crypto'>,
  tenant: Pick<AccountTenant, 'id' | 'slug'>,
  email: string,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  const user = await findUserByEmail(em, tenant.id, email);
  if (!user || user.emailVerified || user.status === 'disabled') return;
  await requestEmailVerification(em, deps, tenant, user, actor, interaction);
}

/** Uses a verification link; the user is verified (and active) or null if the link is dead. */
export async function verifyEmail(
  deps: AccountDeps,
  tenant: AccountTenant,
  rawToken: string,
  actor: EventActor,
): Promise<UserRow | null> {
  return deps.db.transaction(async (em) => {
    const consumed = await consumeUserToken(
      em,
      deps.crypto.hasher,
      tenant.id,
      'verify_email',
      rawToken,
    );
    if (!consumed) return null;
    const user = await em.findOne(UserSchema, { tenantId: tenant.id, id: consumed.userId });
    if (!user || user.status === 'disabled') return null;
    await markVerified(em, tenant, user, { ...actor, id: user.id });
    return user;
  });
}

/** Marks the address verified (and a pending account active) and records `user.email_verified`. */
export async function markVerified(
  em: EntityManager,
  tenant: AccountTenant,
  user: UserRow,
  actor: EventActor,
): Promise<void> {
  if (user.emailVerified && user.status !== 'pending_verification') return;
  user.emailVerified = true;
  if (user.status === 'pending_verification') user.status = 'active';
  user.updatedAt = new Date();
  await em.nativeUpdate(
    UserSchema,
    { tenantId: tenant.id, id: user.id },
    { emailVerified: true, status: user.status, updatedAt: user.updatedAt },
  );
  await recordEvent(em, {
    type: 'user.email_verified',
    tenant: tenant.slug,
    actor,
    data: { userId: user.id },
  });
}
