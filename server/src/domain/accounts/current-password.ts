import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { UserRow } from '../../persistence/entities/user.js';
import { DomainError } from '../errors.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { accountThrottleKey, type LoginThrottle } from './login-throttle.js';

/** The account (or the IP) is locked by failed sign-ins; the password was not checked. */
export class AccountLockedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', 'user.signin_locked', 'Too many failed sign-ins.');
  }
}

/**
 * The account page's re-check of the current password. It counts on the sign-in throttle, under
 * the same account key: someone holding only a session must not get unlimited guesses here that
 * sign-in would refuse. A locked account is refused before any verification; a right password
 * clears the account's count, as a sign-in does. An empty field is a mistake, not a guess. Each
 * wrong or locked-out attempt is a `user.reauth.failed` audit event: a session guessing the
 * password is what a security team most needs to see.
 */
export async function proveCurrentPassword(
  deps: Pick<AccountDeps, 'crypto' | 'db'>,
  throttle: LoginThrottle,
  tenant: Pick<AccountTenant, 'slug'>,
  user: UserRow,
  password: string,
  actor: EventActor,
): Promise<void> {
  if (password === '') {
    throw DomainError.invalid(
      'user.current_password_missing',
      'Enter your current password.',
      'current_password',
    );
  }
  const accountKey = accountThrottleKey(user.tenantId, user.emailKey);
  const ipKey = actor.ip || 'unknown';
  const retryAfterSeconds = await throttle.retryAfter(accountKey, ipKey);
  if (retryAfterSeconds > 0) {
    await recordFailedCheck(deps, tenant, user, actor, 'throttled');
    throw new AccountLockedError(retryAfterSeconds);
  }

  if (!(await deps.crypto.passwords.verify(user.passwordHash, password))) {
    await throttle.recordFailure(accountKey, ipKey);
    await recordFailedCheck(deps, tenant, user, actor, 'failed');
    throw DomainError.invalid(
      'user.current_password_wrong',
      'The current password is not right.',
      'current_password',
    );
  }
  await throttle.recordSuccess(accountKey);
}

async function recordFailedCheck(
  deps: Pick<AccountDeps, 'db'>,
  tenant: Pick<AccountTenant, 'slug'>,
  user: UserRow,
  actor: EventActor,
  reason: 'failed' | 'throttled',
): Promise<void> {
  await deps.db.transaction((em) =>
    recordEvent(em, {
      type: 'user.reauth.failed',
      tenant: tenant.slug,
      actor: { ...actor, type: 'user', id: user.id },
      data: { userId: user.id, reason },
    }),
  );
}
