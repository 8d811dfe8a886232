import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import { type UserRow, UserSchema } from '../../persistence/entities/user.js';
import { DomainError, type FieldIssue } from '../errors.js';
import { type NormalizedEmail, normalizeEmail } from '../users/email.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { type LoginResult, recordLoginAttempt } from './login-history.js';
import { accountThrottleKey, type LoginThrottle } from './login-throttle.js';

export type SignInOutcome =
  | { status: 'succeeded'; user: UserRow }
  | { status: 'failed' }
  | { status: 'unverified'; user: UserRow }
  | { status: 'throttled'; retryAfterSeconds: number };

export interface SignInContext {
  ip: string;
  userAgent: string | null;
  actor: EventActor;
}

/**
 * Password sign-in. An unknown email, a wrong password and a disabled account all fail alike and
 * take alike: each spends one password verification, counts against the same throttles and
 * writes one history row and one `user.login.failed` event (C-ENUM-1). A missing field or an
 * invalid email throws before any of that (see `validateSignIn`).
 */
export async function signIn(
  deps: AccountDeps,
  throttle: LoginThrottle,
  tenant: AccountTenant,
  input: { email: string; password: string },
  context: SignInContext,
): Promise<SignInOutcome> {
  const { emailKey } = validateSignIn(input);
  const accountKey = accountThrottleKey(tenant.id, emailKey);
  const ipKey = context.ip || 'unknown';
  const retryAfterSeconds = await throttle.retryAfter(accountKey, ipKey);
  if (retryAfterSeconds > 0) {
    await recordOutcome(deps, tenant, null, 'throttled', context);
    return { status: 'throttled', retryAfterSeconds };
  }
  const user = await deps.db.em().findOne(UserSchema, { tenantId: tenant.id, emailKey });
  // verify() spends one dummy verification itself when there is no stored hash.
  const passwordOk = await deps.crypto.passwords.verify(user?.passwordHash ?? null, input.password);
  if (!user || !passwordOk || user.status === 'disabled') {
    await throttle.recordFailure(accountKey, ipKey);
    await recordOutcome(
      deps,
      tenant,
      user,
      user?.status === 'disabled' ? 'disabled' : 'failed',
      context,
    );
    return { status: 'failed' };
  }
  await throttle.recordSuccess(accountKey);
  if (tenant.settings.requireEmailVerification && !isConfirmed(user)) {
    await recordOutcome(deps, tenant, user, 'unverified', context);
    return { status: 'unverified', user };
  }
  await recordOutcome(deps, tenant, user, 'succeeded', context);
  return { status: 'succeeded', user };
}

/**
 * Whether the address has been confirmed, as `requireEmailVerification` asks before a session:
 * a pending self-sign-up has not, and neither has an account whose address is unverified in any
 * other way (created unverified by an admin, or changed on the account page and not yet
 * confirmed). Both get the same answer, which only a right password reaches.
 */
function isConfirmed(user: UserRow): boolean {
  return user.status !== 'pending_verification' && user.emailVerified;
}

/**
 * The form's shape, on its own: both fields given and the email well-formed. A form without a
 * password (or an email) is a mistake, not a guess, so it throws `invalid` naming each field at
 * fault before the throttle counts anything or a password is verified.
 */
export function validateSignIn(input: { email: string; password: string }): NormalizedEmail {
  const issues: FieldIssue[] = [];
  let normalized: NormalizedEmail = { email: '', emailKey: '' };
  if (input.email.trim() === '') {
    issues.push({ field: 'email', message: 'Enter your email address.' });
  } else {
    try {
      normalized = normalizeEmail(input.email);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      issues.push(...error.fields);
    }
  }
  if (input.password === '') issues.push({ field: 'password', message: 'Enter your password.' });
  if (issues.length > 0) {
    throw new DomainError(
      'invalid',
      'user.signin_invalid',
      'Check the highlighted fields.',
      issues,
    );
  }
  return normalized;
}

async function recordOutcome(
  deps: AccountDeps,
  tenant: AccountTenant,
  user: UserRow | null,
  result: LoginResult,
  context: SignInContext,
): Promise<void> {
  await deps.db.transaction(async (em) => {
    await recordLoginAttempt(em, {
      tenantId: tenant.id,
      userId: user?.id ?? null,
      result,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    if (result === 'succeeded') {
      await em.nativeUpdate(
        UserSchema,
        { tenantId: tenant.id, id: user?.id },
        { lastLoginAt: new Date() },
      );
    }
    await recordEvent(em, {
      type: result === 'succeeded' ? 'user.login.succeeded' : 'user.login.failed',
      tenant: tenant.slug,
      actor: user ? { ...context.actor, type: 'user', id: user.id } : context.actor,
      data: {
        userId: user?.id ?? null,
        ...(result === 'succeeded' ? { amr: ['pwd'] } : { reason: result }),
      },
    });
  });
}
