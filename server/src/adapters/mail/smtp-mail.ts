import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from '../../domain/mail/mail-transport.js';

/** Mail over SMTP (`SMTP_URL`, `smtp://` or `smtps://`) with nodemailer. */
export class SmtpMail implements MailTransport {
  readonly kind = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(smtpUrl: string) {
    this.transporter = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<string> {
    const info = (await this.transporter.sendMail(message)) as { messageId?: string };
    return info.messageId ?? 'sent';
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
