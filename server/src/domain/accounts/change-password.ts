import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import { UserSchema } from '../../persistence/entities/user.js';
import { DomainError } from '../errors.js';
import { SessionStore } from '../sessions/index.js';
import { revokeTokensForUser } from '../tokens/revocation.js';
import { validatePassword } from '../users/passwords.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { proveCurrentPassword } from './current-password.js';
import type { LoginThrottle } from './login-throttle.js';
import { storeNewPassword } from './password-reset.js';

/**
 * A signed-in user changes their password, proving the current one first (a wrong one counts
 * toward the sign-in lock, see `proveCurrentPassword`). Older reset links, refresh tokens and
 * every session end (the caller signs this browser in again with a new id), and the user is
 * mailed that the password changed.
 */
export async function changePassword(
  deps: AccountDeps,
  throttle: LoginThrottle,
  tenant: AccountTenant,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  actor: EventActor,
): Promise<void> {
  validatePassword(input.newPassword, 'new_password');
  const user = await deps.db.em().findOne(UserSchema, { tenantId: tenant.id, id: userId });
  if (!user) throw DomainError.notFound('user.not_found', 'No such user.');
  await proveCurrentPassword(deps, throttle, tenant, user, input.currentPassword, actor);
  const passwordHash = await deps.crypto.passwords.hash(input.newPassword);
  await deps.db.transaction(async (em) => {
    await storeNewPassword(em, tenant, user, passwordHash);
    await revokeTokensForUser(em, tenant.id, user.id, 'user_revoked');
    await recordEvent(em, {
      type: 'user.password.changed',
      tenant: tenant.slug,
      actor: { ...actor, type: 'user', id: user.id },
      data: { userId: user.id },
    });
  });
  await new SessionStore(deps.cache).destroyAllForUser(tenant.id, user.id);
}
