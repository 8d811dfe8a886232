import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import { normalizeEmail } from '../users/email.js';
import type { AccountDeps } from './account-deps.js';

/** Forgot-password was asked for an address; the worker decides whether anything is mailed. */
export const PASSWORD_RESET_ASKED = 'account.password_reset.asked';
/** A new verification link was asked for an address; likewise decided by the worker. */
export const VERIFICATION_ASKED = 'account.verification.asked';

export type AccountRequestType = typeof PASSWORD_RESET_ASKED | typeof VERIFICATION_ASKED;

export interface AccountRequestData {
  /** The normalised address as typed, encrypted under the KEK: it may belong to nobody. */
  emailJwe: string;
  interaction: string | null;
}

/**
 * Records a forgot-password or resend-verification request as one outbox event, before the page
 * answers. The work is the same whether or not the address is registered (C-ENUM-1), and once it
 * committed a crash loses nothing: the worker looks the account up later.
 */
export async function recordAccountRequest(
  deps: Pick<AccountDeps, 'db' | 'crypto'>,
  tenant: { slug: string },
  type: AccountRequestType,
  rawEmail: string,
  actor: EventActor,
  interaction: string | null,
): Promise<void> {
  const { email } = normalizeEmail(rawEmail);
  const data: AccountRequestData = { emailJwe: await deps.crypto.kek.encrypt(email), interaction };
  await deps.db.transaction(async (em) => {
    await recordEvent(em, { type, tenant: tenant.slug, actor, data: { ...data } });
  });
}
