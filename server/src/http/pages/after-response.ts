import type { Logger } from '../../logging/logger.js';

/**
 * Runs `work` after the page was sent. Forgot-password, sign-up and resend answer before they
 * look at the account, so neither the answer nor its timing can depend on whether the address
 * is registered (C-ENUM-1). The work itself still commits with its outbox event; a failure is
 * logged (and the user can ask again) but never shown.
 */
export async function runAfterResponse(
  logger: Logger,
  what: string,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    logger.error(`${what} failed after the page was sent`, { error });
  }
}
