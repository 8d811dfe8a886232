import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import { UserSchema } from '../../persistence/entities/user.js';
import { displayTextFault } from '../display-text.js';
import { DomainError, type FieldIssue } from '../errors.js';
import { normalizeEmail } from '../users/email.js';
import { validatePassword } from '../users/passwords.js';
import { insertUser } from '../users/users.js';
import type { AccountDeps, AccountTenant } from './account-deps.js';
import { checkAllowedDomain } from './allowed-domains.js';
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
 * The caller answers only after this committed, so a crash loses no sign-up; to keep the two
 * paths equally costly, the password is hashed on both and each then runs one transaction.
 */
export async function signUp(
  deps: AccountDeps,
  tenant: AccountTenant,
  input: SignUpInput,
  actor: EventActor,
): Promise<{ email: string }> {
  const { email, emailKey } = validateSignUp(input, tenant.allowedDomains);
  const interaction = input.interaction ?? null;
  const passwordHash = await deps.crypto.passwords.hash(input.password);
  // False only when a concurrent sign-up of the same address won the race for the insert.
  const settled = await deps.db
    .transaction(async (em) => {
      const existing = await em.findOne(UserSchema, { tenantId: tenant.id, emailKey });
      if (existing) {
        await noticeDuplicate(em, tenant, existing.id, actor, interaction);
        return true;
      }
      const user = await insertUser(
        em,
        deps.crypto.passwords,
        tenant,
        {
          email,
          passwordHash,
          givenName: input.givenName?.trim() || null,
          familyName: input.familyName?.trim() || null,
          locale: input.locale ?? null,
          status: tenant.settings.requireEmailVerification ? 'pending_verification' : 'active',
        },
        actor,
      );
      const who = { ...actor, id: user.id };
      await requestEmailVerification(em, deps, tenant, user, who, interaction);
      return true;
    })
    .catch((error: unknown) => {
      // Two sign-ups of one address at once: the loser is a duplicate like any other.
      if (error instanceof DomainError && error.code === 'user.email_taken') return false;
      throw error;
    });
  if (!settled) {
    await deps.db.transaction(async (em) => {
      const owner = await em.findOne(UserSchema, { tenantId: tenant.id, emailKey });
      if (owner) await noticeDuplicate(em, tenant, owner.id, actor, interaction);
    });
  }
  return { email };
}

/** Queues the "someone tried to sign up with your address" mail to the address's owner. */
async function noticeDuplicate(
  em: EntityManager,
  tenant: AccountTenant,
  ownerId: string,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  await recordEvent(em, {
    type: 'user.duplicate_signup.attempted',
    tenant: tenant.slug,
    actor,
    data: { userId: ownerId, interaction },
  });
}

/**
 * Checks every field at once, so the page can show all problems together; with
 * `allowedDomains` non-empty, an address at any other domain is refused (tenant policy).
 */
export function validateSignUp(input: SignUpInput, allowedDomains: readonly string[] = []) {
  const issues: FieldIssue[] = [];
  let normalized = { email: '', emailKey: '' };
  try {
    normalized = normalizeEmail(input.email);
    const outside = checkAllowedDomain(normalized.email, allowedDomains);
    if (outside) issues.push(outside);
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
    const fault = displayTextFault(value?.trim() ?? ''); // What would be stored.
    if (fault) issues.push({ field, message: fault });
    else if ((value ?? '').length > 200) {
      issues.push({ field, message: 'Use at most 200 characters.' });
    }
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
