import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailMessage, MailTransport } from '../../domain/mail/mail-transport.js';

/**
 * Embedded mode without SMTP: each mail becomes an `.eml` file under `<data dir>/mail/`, which
 * any mail client opens. The caller logs the path, never the content (links are secrets).
 */
export class FileMail implements MailTransport {
  readonly kind = 'file' as const;
  private readonly builder: Transporter;

  constructor(private readonly dir: string) {
    this.builder = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'unix',
    });
  }

  async send(message: MailMessage): Promise<string> {
    const info = (await this.builder.sendMail(message)) as { message: Buffer };
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = path.join(this.dir, `${stamp}-${randomUUID().slice(0, 8)}.eml`);
    await writeFile(file, info.message, { mode: 0o600 });
    return file;
  }

  async close(): Promise<void> {}
}
