import type { Container } from '../container.js';
import {
  type AccountRequestData,
  PASSWORD_RESET_ASKED,
  VERIFICATION_ASKED,
} from '../domain/accounts/account-requests.js';
import { requestPasswordReset } from '../domain/accounts/password-reset.js';
import { resendVerification } from '../domain/accounts/verification.js';
import type { EventConsumer } from '../events/consumer.js';
import { TenantSchema } from '../persistence/entities/tenant.js';

/**
 * Does the account work of forgot-password and resend-verification, which the pages only record
 * (C-ENUM-1): looks the address up and, for a user that qualifies, issues the token and records
 * the mail job. It runs in the transaction that marks the event handled, so a redelivery issues
 * no second token; an address that belongs to nobody ends here, silently.
 */
export function accountRequestsConsumer(container: Container): EventConsumer {
  return {
    name: 'account-requests',
    patterns: [PASSWORD_RESET_ASKED, VERIFICATION_ASKED],
    async handle(envelope, em) {
      // Through `em` only: another connection inside this transaction would stall embedded PGlite.
      const tenant = envelope.tenant
        ? await em.findOne(TenantSchema, { slug: envelope.tenant })
        : null;
      if (tenant?.status !== 'active') return;
      const data = envelope.data as unknown as AccountRequestData;
      const email = await container.crypto.kek.decrypt(data.emailJwe);
      const interaction = data.interaction ?? null;
      const ask =
        envelope.type === PASSWORD_RESET_ASKED ? requestPasswordReset : resendVerification;
      await ask(em, container, tenant, email, envelope.actor, interaction);
    },
  };
}
