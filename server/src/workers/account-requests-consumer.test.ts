import { describe, expect, it } from '@jest/globals';
import { createTestContainer } from '../../../test/support/container.js';
import { givenTenant } from '../../../test/support/fixtures.js';
import {
  browser,
  givenUser,
  linkIn,
  pathOf,
  startMailWorker,
} from '../../../test/support/hosted-pages.js';
import { createApp } from '../app.js';

describe('account-requests worker', () => {
  it('forgot-password answered by an api that then dies -> a worker started later mails a working reset link', async () => {
    // Given an api process with no worker consumers and no relay, as an api-only process runs
    const api = await createTestContainer();
    let slug = '';
    try {
      const tenant = await givenTenant(api);
      slug = tenant.slug;
      await givenUser(api, tenant, { email: 'crash@example.test', password: 'original pass 1' });

      // When it answers a forgot-password request and then dies
      const res = await browser(createApp(api)).submit(`/t/${slug}/forgot`, {
        email: 'Crash@Example.test',
      });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Check your');
      // The request committed before the page answered: it is in the outbox now, and the
      // address travels only encrypted.
      const asked = await api.db
        .em()
        .execute<Array<{ data: unknown }>>(
          "select data from outbox_events where tenant_id = ? and type = 'account.password_reset.asked'",
          [slug],
        );
      expect(asked).toHaveLength(1);
      expect(JSON.stringify(asked)).not.toContain('crash@example.test');
    } finally {
      await api.close();
    }

    // Then a worker started afterwards finds the request and mails the stored address
    const worker = await createTestContainer();
    try {
      const mailbox = await startMailWorker(worker);
      const mail = await mailbox.waitFor('crash@example.test', 'Reset your', 0, 20000);
      const link = linkIn(mail, 'reset');
      expect(link.pathname).toBe(`/t/${slug}/reset`);
      const page = await browser(createApp(worker)).get(pathOf(link));
      expect(page.status).toBe(200);
    } finally {
      await worker.close();
    }
  });

  it('resend-verification answered by an api that then dies -> a worker started later mails a new link', async () => {
    const api = await createTestContainer();
    let slug = '';
    try {
      const tenant = await givenTenant(api);
      slug = tenant.slug;
      await givenUser(api, tenant, {
        email: 'pending@example.test',
        password: 'original pass 1',
        verified: false,
      });
      const res = await browser(createApp(api)).submit(`/t/${slug}/resend-verification`, {
        email: 'pending@example.test',
      });
      expect(res.status).toBe(200);
    } finally {
      await api.close();
    }

    const worker = await createTestContainer();
    try {
      const mailbox = await startMailWorker(worker);
      const mail = await mailbox.waitFor('pending@example.test', 'Confirm', 0, 20000);
      const verified = await browser(createApp(worker)).get(pathOf(linkIn(mail, 'verify')));
      expect(verified.status).toBe(200);
    } finally {
      await worker.close();
    }
  });

  it('forgot-password for an address nobody holds -> the request is recorded, and nothing is mailed', async () => {
    const container = await createTestContainer();
    try {
      const mailbox = await startMailWorker(container);
      const tenant = await givenTenant(container);

      const res = await browser(createApp(container)).submit(`/t/${tenant.slug}/forgot`, {
        email: 'nobody@example.test',
      });
      expect(res.status).toBe(200);
      const handled = await waitForHandled(container, tenant.slug);

      expect(handled).toBe(true);
      expect(mailbox.sent.filter((mail) => mail.to === 'nobody@example.test')).toEqual([]);
      const issued = await container.db
        .em()
        .execute("select 1 from outbox_events where tenant_id = ? and type like 'user.%'", [
          tenant.slug,
        ]);
      expect(issued).toEqual([]);
    } finally {
      await container.close();
    }
  });
});

/** Waits until the account-requests consumer marked the tenant's one asked event handled. */
async function waitForHandled(
  container: Awaited<ReturnType<typeof createTestContainer>>,
  slug: string,
): Promise<boolean> {
  const until = Date.now() + 10000;
  while (Date.now() < until) {
    const rows = await container.db.em().execute(
      `select 1 from processed_events p join outbox_events o on o.event_id = p.event_id
        where p.consumer = 'account-requests' and o.tenant_id = ?`,
      [slug],
    );
    if (rows.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
