import { mailSender, selectMailTransport } from '../adapters/mail/select-mail.js';
import type { Container } from '../container.js';
import { composeMail, type MailContent } from '../domain/mail/compose-mail.js';
import type { MailTransport } from '../domain/mail/mail-transport.js';
import { issuerOf } from '../domain/tenants/tenant-defaults.js';
import { findUserById } from '../domain/users/users.js';
import type { EventEnvelope } from '../events/envelope.js';
import { translator } from '../locales/strings.js';
import { TenantSchema } from '../persistence/entities/tenant.js';

/** The events that turn into a mail to the user they name. */
export const MAIL_EVENTS = [
  'user.email_verification.requested',
  'user.password_reset.requested',
  'user.password_reset.completed',
  'user.password.changed',
  'user.duplicate_signup.attempted',
  'user.email.changed',
] as const;

interface MailEventData {
  userId: string;
  /** The link's token, encrypted under the KEK (never stored in plain text in the outbox). */
  tokenJwe?: string;
  interaction?: string | null;
  /** For `user.email.changed`: the old address, encrypted, which is told of the change. */
  previousEmailJwe?: string;
}

/**
 * Sends the hosted pages' mail, off the request path. Links are built from PUBLIC_URL only
 * (C-MAIL-1); the address is read from the user row at send time, so a mail always goes to the
 * stored address. A failure throws, and the delivery contract retries and finally parks it.
 */
export function mailConsumer(container: Container, transport?: MailTransport) {
  let chosen = transport;
  const log = container.logger.child({ consumer: 'mail' });
  return {
    name: 'mail',
    patterns: [...MAIL_EVENTS],
    async handle(envelope: EventEnvelope, em: Parameters<typeof findUserById>[0]) {
      const data = envelope.data as unknown as MailEventData;
      // Through `em`: another connection inside this transaction would stall embedded PGlite.
      const tenant = envelope.tenant
        ? await em.findOne(TenantSchema, { slug: envelope.tenant })
        : null;
      if (!tenant) return;
      const user = await findUserById(em, tenant.id, data.userId);
      if (!user) return;
      const issuer = issuerOf(container.config.publicUrl, tenant.slug);
      const content = await contentOf(container, envelope.type, data, issuer, envelope.time);
      const t = translator(user.locale ?? 'en');
      const message = composeMail(
        content,
        {
          from: mailSender(container.config),
          to: data.previousEmailJwe
            ? await container.crypto.kek.decrypt(data.previousEmailJwe)
            : user.email,
          tenantName: tenant.branding.name ?? tenant.displayName,
        },
        t,
      );
      chosen ??= selectMailTransport(container.config);
      const reference = await chosen.send(message);
      log.info(chosen.kind === 'file' ? `mail written to ${reference}` : 'mail sent', {
        eventId: envelope.id,
        type: envelope.type,
        transport: chosen.kind,
        ...(chosen.kind === 'file' ? { path: reference } : { messageId: reference }),
      });
    },
  };
}

async function contentOf(
  container: Container,
  type: string,
  data: MailEventData,
  issuer: string,
  time: string,
): Promise<MailContent> {
  const withInteraction = (url: URL) => {
    if (data.interaction) url.searchParams.set('interaction', data.interaction);
    return url;
  };
  const linkWith = async (page: string) => {
    if (!data.tokenJwe) throw new Error(`${type} carries no token`);
    const url = new URL(`${issuer}/${page}`);
    url.searchParams.set('token', await container.crypto.kek.decrypt(data.tokenJwe));
    return withInteraction(url).toString();
  };
  switch (type) {
    case 'user.email_verification.requested':
      return { kind: 'verify_email', link: await linkWith('verify') };
    case 'user.password_reset.requested':
      return { kind: 'reset_password', link: await linkWith('reset') };
    case 'user.duplicate_signup.attempted':
      return {
        kind: 'duplicate_signup',
        loginLink: withInteraction(new URL(`${issuer}/login`)).toString(),
        forgotLink: withInteraction(new URL(`${issuer}/forgot`)).toString(),
      };
    case 'user.email.changed':
      return { kind: 'email_changed', time: new Date(time).toUTCString() };
    default:
      return { kind: 'password_changed', time: new Date(time).toUTCString() };
  }
}
