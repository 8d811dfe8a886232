import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import { UserSchema } from '../../persistence/entities/user.js';
import { DomainError, type FieldIssue } from '../errors.js';
import { normalizeEmail } from '../users/email.js';
import { validatePassword } from '../users/passwords.js';
import { insertUser } from '../users/users.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { requestEmailVerification } from './verification.js';

export interface SignUpInput {
  email: string;
  password: string;
  givenName?: string;
  familyName?: string;
  locale?: string | null;
  interaction?: string | null;
}

/**
 * Self-registration that never tells whether the address was taken (C-ENUM-1): a new address
 * gets an account and a verification mail; a taken one (in any case or Unicode form) gets no
 * account, its owner is mailed a notice, and the caller shows the same "check your mail" page.
 * Both paths spend one password hash so their timing matches.
 */
export async function signUp(
  deps: AccountDeps,
  tenant: AccountTenant,
  input: SignUpInput,
  actor: EventActor,
): Promise<{ email: string }> {
  const { email, emailKey } = validateSignUp(input);
  const interaction = input.interaction ?? null;
  const created = await deps.db
    .transaction(async (em) => {
      const existing = await em.findOne(UserSchema, { tenantId: tenant.id, emailKey });
      if (existing) return false;
      const user = await insertUser(
        em,
        deps.crypto.passwords,
        tenant,
        {
          email,
          password: input.password,
          givenName: input.givenName?.trim() || null,
          familyName: input.familyName?.trim() || null,
          locale: input.locale ?? null,
          status: tenant.settings.requireEmailVerification ? 'pending_verification' : 'active',
        },
        actor,
      );
      await requestEmailVerification(
        em,
        deps,
        tenant,
        user,
        { ...actor, id: user.id },
        interaction,
      );
      return true;
    })
    .catch((error: unknown) => {
      // Two sign-ups of one address at once: the loser is a duplicate like any other.
      if (error instanceof DomainError && error.code === 'user.email_taken') return false;
      throw error;
    });
  if (!created) await noticeDuplicate(deps, tenant, emailKey, input.password, actor, interaction);
  return { email };
}

async function noticeDuplicate(
  deps: AccountDeps,
  tenant: AccountTenant,
  emailKey: string,
  password: string,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  await deps.crypto.passwords.hash(password);
  await deps.db.transaction(async (em) => {
    const owner = await em.findOne(UserSchema, { tenantId: tenant.id, emailKey });
    if (!owner) return;
    await recordEvent(em, {
      type: 'user.duplicate_signup.attempted',
      tenant: tenant.slug,
      actor,
      data: { userId: owner.id, interaction },
    });
  });
}

/** Checks every field at once, so the page can show all problems together. */
export function validateSignUp(input: SignUpInput) {
  const issues: FieldIssue[] = [];
  let normalized = { email: '', emailKey: '' };
  try {
    normalized = normalizeEmail(input.email);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    issues.push(...error.fields);
  }
  try {
    validatePassword(input.password);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    issues.push(...error.fields);
  }
  for (const [field, value] of [
    ['given_name', input.givenName],
    ['family_name', input.familyName],
  ] as const) {
    if ((value ?? '').length > 200) issues.push({ field, message: 'Use at most 200 characters.' });
  }
  if (issues.length > 0) {
    throw new DomainError(
      'invalid',
      'user.signup_invalid',
      'Check the highlighted fields.',
      issues,
    );
  }
  return normalized;
}
