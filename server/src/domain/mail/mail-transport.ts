/** One mail with a plain-text and an HTML part. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where mail leaves Latchkey: SMTP, SendGrid, or files in embedded mode. */
export interface MailTransport {
  readonly kind: 'smtp' | 'sendgrid' | 'file';
  /** Sends one mail; resolves to a reference safe to log (a message id or a file path). */
  send(message: MailMessage): Promise<string>;
  close(): Promise<void>;
}
