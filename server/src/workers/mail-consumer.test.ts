import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenTenant } from '../../../test/support/fixtures.js';
import { browser } from '../../../test/support/hosted-pages.js';
import { decodeMime, startSmtpListener } from '../../../test/support/smtp-listener.js';
import { SendGridMail, sendGridRequest } from '../adapters/mail/sendgrid-mail.js';
import { createApp } from '../app.js';
import { mailConsumer } from './mail-consumer.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 15000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('mail worker', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  beforeAll(async () => {
    smtp = await startSmtpListener();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('a sign-up while the worker is down is mailed over SMTP once the worker starts', async () => {
    const container: TestContainer = await createTestContainer({ smtpUrl: smtp.url });
    try {
      const tenant = await givenTenant(container);
      const res = await browser(createApp(container)).submit(`/t/${tenant.slug}/signup`, {
        email: 'late@example.test',
        password: 'a long passphrase',
      });
      expect(res.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(smtp.received.filter((mail) => mail.to.includes('late@example.test'))).toEqual([]);

      await container.startConsumers([mailConsumer(container)]);
      container.relay.start();
      const mail = await smtp.waitFor('late@example.test');

      const text = decodeMime(mail.raw);
      expect(text).toContain('Content-Type: text/plain');
      expect(text).toContain('Content-Type: text/html');
      expect(text).toContain(`${container.config.publicUrl}/t/${tenant.slug}/verify?token=`);
      expect(mail.from).toBe(`no-reply@${new URL(container.config.publicUrl).hostname}`);
    } finally {
      await container.close();
    }
  });

  it('without SMTP_URL each mail is an .eml file under <data dir>/mail, its path logged and its link not', async () => {
    const container: TestContainer = await createTestContainer({ smtpUrl: undefined });
    try {
      await container.startConsumers([mailConsumer(container)]);
      container.relay.start();
      const tenant = await givenTenant(container);

      await browser(createApp(container)).submit(`/t/${tenant.slug}/signup`, {
        email: 'file@example.test',
        password: 'a long passphrase',
      });
      const line = await waitFor(async () =>
        container.logLines.find((entry) => String(entry.message).startsWith('mail written to')),
      );

      const file = String(line.path);
      expect(file.startsWith(`${container.config.dataDir}/mail/`)).toBe(true);
      expect(file.endsWith('.eml')).toBe(true);
      const eml = decodeMime(await readFile(file, 'utf8'));
      expect(eml).toContain('To: file@example.test');
      const token = /verify\?token=([\w-]+)/.exec(eml)?.[1] ?? '';
      expect(token).toHaveLength(43);
      expect(JSON.stringify(container.logLines)).not.toContain(token);
    } finally {
      await container.close();
    }
  });

  it('MAIL_TRANSPORT=sendgrid builds one v3 mail/send request with both parts and no click tracking', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fake = async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(null, { status: 202, headers: { 'x-message-id': 'sg-1' } });
    };
    const transport = new SendGridMail('SG.test-key-123', fake);
    const message = {
      from: 'Latchkey <no-reply@id.example.test>',
      to: 'ann@example.test',
      subject: 'Hello',
      text: 'plain',
      html: '<p>html</p>',
    };

    const reference = await transport.send(message);

    expect(reference).toBe('sg-1');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.sendgrid.com/v3/mail/send');
    expect(calls[0]?.init.headers).toEqual({
      authorization: 'Bearer SG.test-key-123',
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      personalizations: [{ to: [{ email: 'ann@example.test' }] }],
      from: { email: 'no-reply@id.example.test', name: 'Latchkey' },
      subject: 'Hello',
      content: [
        { type: 'text/plain', value: 'plain' },
        { type: 'text/html', value: '<p>html</p>' },
      ],
      tracking_settings: { click_tracking: { enable: false, enable_text: false } },
    });
    expect(sendGridRequest('k'.repeat(12), message).init.method).toBe('POST');
  });

  it('a SendGrid refusal throws, so the delivery is retried rather than lost', async () => {
    const transport = new SendGridMail(
      'SG.test-key-123',
      async () => new Response(null, { status: 401 }),
    );

    await expect(
      transport.send({ from: 'a@b.test', to: 'c@d.test', subject: 's', text: 't', html: 'h' }),
    ).rejects.toThrow('SendGrid answered 401');
  });
});
