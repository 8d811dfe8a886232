import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import { UserSchema } from '../../persistence/entities/user.js';
import { DomainError } from '../errors.js';
import { normalizeEmail } from '../users/email.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { proveCurrentPassword } from './current-password.js';
import type { LoginThrottle } from './login-throttle.js';
import { killUserTokens } from './user-tokens.js';
import { requestEmailVerification } from './verification.js';

/**
 * A signed-in user changes their email (C-EMAIL-2): the current password is required (a wrong
 * one counts toward the sign-in lock), the new address starts unverified and is mailed a
 * confirmation link, the old address is told, and reset links mailed to it stop working. An
 * address another account holds changes nothing, and the caller answers the same as for a free
 * one, so this cannot be used to find registered addresses.
 */
export async function changeEmail(
  deps: AccountDeps,
  throttle: LoginThrottle,
  tenant: AccountTenant,
  userId: string,
  input: { currentPassword: string; newEmail: string },
  actor: EventActor,
): Promise<void> {
  const { email, emailKey } = normalizeEmail(input.newEmail, 'new_email');
  const user = await deps.db.em().findOne(UserSchema, { tenantId: tenant.id, id: userId });
  if (!user) throw DomainError.notFound('user.not_found', 'No such user.');
  await proveCurrentPassword(deps, throttle, tenant, user, input.currentPassword, actor);
  if (emailKey === user.emailKey) {
    throw DomainError.invalid('user.email_unchanged', 'This is already your address.', 'new_email');
  }
  const who: EventActor = { ...actor, type: 'user', id: user.id };
  await deps.db
    .transaction(async (em) => {
      const taken = await em.findOne(UserSchema, { tenantId: tenant.id, emailKey });
      if (taken) return;
      const previousEmailJwe = await deps.crypto.kek.encrypt(user.email);
      await em.nativeUpdate(
        UserSchema,
        { tenantId: tenant.id, id: user.id },
        { email, emailKey, emailVerified: false, updatedAt: new Date() },
      );
      await recordEvent(em, {
        type: 'user.email.changed',
        tenant: tenant.slug,
        actor: who,
        data: { userId: user.id, previousEmailJwe },
      });
      // Reset links went to the old address: one used now would also prove the new one.
      await killUserTokens(em, tenant.id, user.id, 'reset_password');
      await requestEmailVerification(em, deps, tenant, { ...user, email, emailKey }, who, null);
    })
    .catch((error: unknown) => {
      // Taken by a concurrent sign-up: the same as taken before.
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    });
}
