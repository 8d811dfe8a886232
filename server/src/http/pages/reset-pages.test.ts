import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  csrfFrom,
  givenUser,
  linkIn,
  type Mailbox,
  pathOf,
  startMailWorker,
} from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

describe('hosted forgot-password and reset', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let mailbox: Mailbox;
  beforeAll(async () => {
    container = await createTestContainer({ publicUrl: 'http://id.example.test:8080' });
    mailbox = await startMailWorker(container);
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  async function askReset(slug: string, email: string, to: string) {
    const before = mailbox.sent.length;
    await browser(app).submit(`/t/${slug}/forgot`, { email });
    return linkIn(await mailbox.waitFor(to, 'Reset your', before), 'reset');
  }

  async function followReset(link: URL, password: string) {
    const visitor = browser(app);
    const page = await visitor.get(pathOf(link));
    if (page.status !== 200) return page;
    return visitor.agent
      .post(link.pathname)
      .type('form')
      .send({ token: link.searchParams.get('token') ?? '', password, _csrf: csrfFrom(page.text) });
  }

  async function signIn(slug: string, email: string, password: string) {
    return browser(app).submit(`/t/${slug}/login`, { email, password });
  }

  it('C-RESET-1 a reset link works once; a newer link kills the older; a password change kills all; an expired one is dead', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'max@example.test', password: 'original pass 1' });
    const email = 'max@example.test';

    const t1 = await askReset(tenant.slug, email, email);
    const firstUse = await followReset(t1, 'new password one');
    const secondUse = await followReset(t1, 'new password two');

    const t2 = await askReset(tenant.slug, email, email);
    const t3 = await askReset(tenant.slug, email, email);
    const t3Use = await followReset(t3, 'new password three');
    const t2Use = await followReset(t2, 'new password four');

    const t4 = await askReset(tenant.slug, email, email);
    const max = browser(app);
    await max.submit(`/t/${tenant.slug}/login`, { email, password: 'new password three' });
    const change = await max.submit(
      `/t/${tenant.slug}/account`,
      {
        current_password: 'new password three',
        new_password: 'new password five',
      },
      `/t/${tenant.slug}/account/password`,
    );
    const t4Use = await followReset(t4, 'new password six');

    const t5 = await askReset(tenant.slug, email, email);
    await container.db
      .em()
      .execute(
        "update user_tokens set expires_at = now() - interval '1 second' where tenant_id = ? and consumed_at is null",
        [tenant.id],
      );
    const t5Use = await followReset(t5, 'new password seven');

    expect(firstUse.status).toBe(200);
    expect(firstUse.text).toContain('Your password has been changed');
    expect(secondUse.status).toBe(400);
    expect(t3Use.status).toBe(200);
    expect(t2Use.status).toBe(400);
    expect(change.status).toBe(200);
    expect(t4Use.status).toBe(400);
    expect(t5Use.status).toBe(400);
    expect(t5Use.text).toContain('This link does not work');
    expect((await signIn(tenant.slug, email, 'new password five')).status).toBe(303);
    for (const dead of [
      'new password two',
      'new password four',
      'new password six',
      'new password seven',
    ]) {
      expect((await signIn(tenant.slug, email, dead)).status).toBe(401);
    }
  });

  it("C-RESET-1 a completed reset ends the user's sessions and mails that the password changed", async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'ned@example.test', password: 'original pass 1' });
    const ned = browser(app);
    await ned.submit(`/t/${tenant.slug}/login`, {
      email: 'ned@example.test',
      password: 'original pass 1',
    });
    expect((await ned.get(`/t/${tenant.slug}/account`)).status).toBe(200);
    const before = mailbox.sent.length;

    const link = await askReset(tenant.slug, 'ned@example.test', 'ned@example.test');
    await followReset(link, 'brand new password');

    expect((await ned.get(`/t/${tenant.slug}/account`)).status).toBe(303);
    const notice = await mailbox.waitFor('ned@example.test', 'password was changed', before);
    expect(notice.text).toContain('If this was not you');
    const events = await container.db
      .em()
      .execute(
        "select type from outbox_events where tenant_id = ? and type like 'user.password_reset.%' order by id",
        [tenant.slug],
      );
    expect(events.map((row) => row.type)).toEqual([
      'user.password_reset.requested',
      'user.password_reset.completed',
    ]);
  });

  it('a reset link mailed before the email changed (on the account page or by an admin) -> dead; the new address is not verified by it', async () => {
    const tenant = await givenTenant(container);
    const oldEmail = 'ines@example.test';
    await givenUser(container, tenant, { email: oldEmail, password: 'original pass 1' });
    const admin = await givenAdminToken(container, app);

    const byUser = await askReset(tenant.slug, oldEmail, oldEmail);
    const ines = browser(app);
    await ines.submit(`/t/${tenant.slug}/login`, { email: oldEmail, password: 'original pass 1' });
    const changed = await ines.submit(
      `/t/${tenant.slug}/account`,
      { new_email: 'ines.new@example.test', email_current_password: 'original pass 1' },
      `/t/${tenant.slug}/account/email`,
    );
    const userReset = await followReset(byUser, 'taken over 1');

    const byAdmin = await askReset(tenant.slug, 'ines.new@example.test', 'ines.new@example.test');
    const listed = await request(app)
      .get(`/admin/v1/tenants/${tenant.slug}/users`)
      .query({ email: 'ines.new@example.test' })
      .set('Authorization', `Bearer ${admin}`);
    const userId = listed.body.items[0].id as string;
    await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}/users/${userId}`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ email: 'ines.third@example.test' })
      .expect(200);
    const adminReset = await followReset(byAdmin, 'taken over 2');
    const stored = await request(app)
      .get(`/admin/v1/tenants/${tenant.slug}/users/${userId}`)
      .set('Authorization', `Bearer ${admin}`);

    expect(changed.status).toBeLessThan(400);
    expect(userReset.status).toBe(400);
    expect(adminReset.status).toBe(400);
    expect(stored.body.emailVerified).toBe(false);
    expect(
      (await signIn(tenant.slug, 'ines.third@example.test', 'original pass 1')).status,
    ).not.toBe(401);
  });

  it('POST /t/:tenant/reset with a short password -> 400 on the password field, and the link still works', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'ora@example.test', password: 'original pass 1' });
    const link = await askReset(tenant.slug, 'ora@example.test', 'ora@example.test');

    const weak = await followReset(link, 'short');
    const strong = await followReset(link, 'a good long one');

    expect(weak.status).toBe(400);
    expect(weak.text).toContain('<a href="#password">');
    expect(strong.status).toBe(200);
  });

  it('GET /t/:tenant/reset?token= fetched three times (a mail scanner) -> the form each time, and the link still sets the password', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'sam@example.test', password: 'original pass 1' });
    const link = await askReset(tenant.slug, 'sam@example.test', 'sam@example.test');

    const scans = [];
    for (let i = 0; i < 3; i++) scans.push(await request(app).get(pathOf(link)));
    const used = await followReset(link, 'a good long one');

    for (const scan of scans) {
      expect(scan.status).toBe(200);
      expect(scan.text).toContain('name="password"');
    }
    expect(used.status).toBe(200);
    expect(used.text).toContain('Your password has been changed');
    expect((await signIn(tenant.slug, 'sam@example.test', 'a good long one')).status).toBe(303);
  });

  it('C-MAIL-1 forgot-password and sign-up with Host: evil.test and X-Forwarded-Host -> links start with PUBLIC_URL', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'pat@example.test', password: 'original pass 1' });
    const pat = request.agent(app);
    const before = mailbox.sent.length;
    const hostile = {
      Host: 'evil.test',
      'X-Forwarded-Host': 'evil.test',
      Forwarded: 'host=evil.test',
    };

    for (const [page, fields] of [
      ['forgot', { email: 'pat@example.test' }],
      ['signup', { email: 'sam@example.test', password: 'a long passphrase' }],
      ['signup', { email: 'pat@example.test', password: 'a long passphrase' }],
      ['resend-verification', { email: 'sam@example.test' }],
    ] as const) {
      const form = await pat.get(`/t/${tenant.slug}/${page}`).set(hostile);
      const count = mailbox.sent.length;
      await pat
        .post(`/t/${tenant.slug}/${page}`)
        .set(hostile)
        .type('form')
        .send({ ...fields, _csrf: csrfFrom(form.text) });
      // Each post mails exactly once; wait for it so that the next one sees its effect.
      for (let waited = 0; mailbox.sent.length === count && waited < 10000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const mails = mailbox.sent.slice(before);
    expect(mails.length).toBe(4);
    for (const mail of mails) {
      const links = `${mail.text}\n${mail.html}`.match(/https?:\/\/[^\s"<]+/g) ?? [];
      expect(links.length).toBeGreaterThan(0);
      for (const link of links)
        expect(link.startsWith('http://id.example.test:8080/t/')).toBe(true);
      expect(`${mail.text}${mail.html}`).not.toContain('evil.test');
    }
  });

  it('C-EMAIL-1 a reset asked for QUACK@example.TEST goes to the stored quack@example.test', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, {
      email: 'quack@example.test',
      password: 'original pass 1',
    });
    const before = mailbox.sent.length;

    await browser(app).submit(`/t/${tenant.slug}/forgot`, { email: 'QUACK@example.TEST' });

    const mail = await mailbox.waitFor('quack@example.test', 'Reset your', before);
    expect(mail.to).toBe('quack@example.test');
  });

  it.each([
    ['a JSON body with an array', 'json'],
    ['a form with email twice', 'form'],
  ])(
    'C-INPUT-1 forgot-password as %s -> 400, and no mail reaches evil.test',
    async (_label, kind) => {
      const tenant = await givenTenant(container);
      await givenUser(container, tenant, {
        email: 'user@example.test',
        password: 'original pass 1',
      });
      const visitor = request.agent(app);
      const form = await visitor.get(`/t/${tenant.slug}/forgot`);
      const csrf = csrfFrom(form.text);
      const before = mailbox.sent.length;

      const res =
        kind === 'json'
          ? await visitor
              .post(`/t/${tenant.slug}/forgot`)
              .send({ email: ['user@example.test', 'evil@evil.test'], _csrf: csrf })
          : await visitor
              .post(`/t/${tenant.slug}/forgot`)
              .type('form')
              .send(
                `email=user%40example.test&email=evil%40evil.test&_csrf=${encodeURIComponent(csrf)}`,
              );

      expect(res.status).toBe(400);
      expect(res.text).toContain('The form could not be read');
      await container.relay.drain();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(mailbox.sent.slice(before)).toEqual([]);
      const requested = await container.db.em().execute(
        `select 1 from outbox_events where tenant_id = ?
            and type in ('account.password_reset.asked', 'user.password_reset.requested')`,
        [tenant.slug],
      );
      expect(requested).toHaveLength(0);
    },
  );

  it('the reset token is not stored in plain text, neither in user_tokens nor in the outbox', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'raw@example.test', password: 'original pass 1' });

    const link = await askReset(tenant.slug, 'raw@example.test', 'raw@example.test');

    const token = link.searchParams.get('token') ?? '';
    const rows = await container.db
      .em()
      .execute(
        'select (select count(*) from user_tokens where token_hash like ?) as tokens, (select count(*) from outbox_events where data::text like ?) as events',
        [`%${token}%`, `%${token}%`],
      );
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(rows).toEqual([{ tokens: '0', events: '0' }]);
    expect(JSON.stringify(container.logLines)).not.toContain(token);
  });
});
