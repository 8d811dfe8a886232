import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { Container } from '../../server/src/container.js';
import {
  type PendingAuthorization,
  saveInteraction,
} from '../../server/src/domain/authorization/interactions.js';
import type { MailMessage, MailTransport } from '../../server/src/domain/mail/mail-transport.js';
import { insertUser } from '../../server/src/domain/users/users.js';
import { accountRequestsConsumer } from '../../server/src/workers/account-requests-consumer.js';
import { mailConsumer } from '../../server/src/workers/mail-consumer.js';

/** The CSRF token of the first form in a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field in the page');
  return match[1];
}

/** A browser: keeps cookies, opens a form page and posts it with its CSRF token. */
export function browser(app: RequestListener) {
  const agent = request.agent(app);
  return {
    agent,
    get: (path: string) => agent.get(path),
    async submit(formPath: string, fields: Record<string, string>, postPath = formPath) {
      const page = await agent.get(formPath);
      return agent
        .post(postPath)
        .type('form')
        .send({ ...fields, _csrf: csrfFrom(page.text) });
    },
  };
}

/**
 * Follows a mailed confirmation link as a person does: opens it, then presses the button of the
 * page it shows. A dead link shows no button; its page is the answer.
 */
export async function confirmByLink(who: ReturnType<typeof browser>, link: URL) {
  const page = await who.get(pathOf(link));
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  const token = /name="token" value="([^"]*)"/.exec(page.text)?.[1];
  if (!action || token === undefined) return page;
  return who.agent
    .post(action.replace(/&amp;/g, '&'))
    .type('form')
    .send({ token, _csrf: csrfFrom(page.text) });
}

/** The Set-Cookie value of one cookie (name=value), or undefined. */
export function cookieFrom(headers: Record<string, unknown>, prefix: string): string | undefined {
  const cookies = (headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.find((cookie) => cookie.startsWith(prefix));
}

export async function givenUser(
  container: Container,
  tenant: { id: string; slug: string },
  input: { email: string; password: string; verified?: boolean },
) {
  return container.db.transaction((em) =>
    insertUser(
      em,
      container.crypto.passwords,
      tenant,
      {
        email: input.email,
        password: input.password,
        emailVerified: input.verified ?? true,
        status: input.verified === false ? 'pending_verification' : 'active',
      },
      { type: 'system' },
    ),
  );
}

/** A mail transport that keeps what it is given, for tests that read the mailed links. */
export class Mailbox implements MailTransport {
  readonly kind = 'smtp' as const;
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage) {
    this.sent.push(message);
    return `test-${this.sent.length}`;
  }

  async close() {}

  /** Waits for a mail to `to` whose subject contains `subject`, newest first. */
  async waitFor(to: string, subject: string, after = 0, ms = 10000): Promise<MailMessage> {
    const until = Date.now() + ms;
    for (;;) {
      const found = this.sent
        .slice(after)
        .reverse()
        .find((mail) => mail.to === to && mail.subject.includes(subject));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no mail "${subject}" to ${to}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/**
 * Starts the mail worker (and the relay) on the container with a capturing transport, with the
 * account-requests consumer that turns forgot-password and resend into mail jobs.
 */
export async function startMailWorker(container: Container): Promise<Mailbox> {
  const mailbox = new Mailbox();
  await container.startConsumers([
    accountRequestsConsumer(container),
    mailConsumer(container, mailbox),
  ]);
  container.relay.start();
  return mailbox;
}

/** The first link in a mail's text that points at `page` (verify, reset, login...). */
export function linkIn(mail: MailMessage, page: string): URL {
  const match = new RegExp(`https?://\\S+/${page}(\\?\\S*)?`).exec(mail.text);
  if (!match) throw new Error(`no ${page} link in the mail`);
  return new URL(match[0]);
}

/** The path and query of a URL, as supertest wants it. */
export function pathOf(url: URL): string {
  return url.pathname + url.search;
}

/** An authorization request waiting for sign-in, as the authorize endpoint leaves it. */
export function givenInteraction(
  container: Container,
  tenantId: string,
  input: Partial<PendingAuthorization> = {},
): Promise<string> {
  return saveInteraction(container.cache, {
    tenantId,
    clientId: 'c1',
    clientName: 'Example App',
    redirectUri: 'https://rp.test/cb',
    scope: ['openid'],
    state: null,
    nonce: null,
    codeChallenge: null,
    prompt: [],
    maxAge: null,
    loginHint: null,
    uiLocales: [],
    resource: [],
    createdAt: Math.floor(Date.now() / 1000),
    ...input,
  });
}
