import path from 'node:path';
import type { Config } from '../../config/schema.js';
import type { MailTransport } from '../../domain/mail/mail-transport.js';
import { FileMail } from './file-mail.js';
import { SendGridMail } from './sendgrid-mail.js';
import { SmtpMail } from './smtp-mail.js';

/** Picks the mail transport from configuration (MAIL_TRANSPORT, SMTP_URL, SENDGRID_API_KEY). */
export function selectMailTransport(config: Config): MailTransport {
  const choice =
    config.mailTransport === 'auto' ? (config.smtpUrl ? 'smtp' : 'file') : config.mailTransport;
  if (choice === 'smtp') {
    if (!config.smtpUrl) throw new Error('MAIL_TRANSPORT=smtp needs SMTP_URL');
    return new SmtpMail(config.smtpUrl);
  }
  if (choice === 'sendgrid') {
    if (!config.sendgridApiKey) throw new Error('MAIL_TRANSPORT=sendgrid needs SENDGRID_API_KEY');
    return new SendGridMail(config.sendgridApiKey);
  }
  return new FileMail(path.join(config.dataDir, 'mail'));
}

/** The sender: MAIL_FROM, or no-reply at the public host. */
export function mailSender(config: Config): string {
  return config.mailFrom ?? `no-reply@${new URL(config.publicUrl).hostname}`;
}
