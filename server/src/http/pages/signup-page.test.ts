import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  confirmByLink,
  givenInteraction,
  givenUser,
  linkIn,
  type Mailbox,
  startMailWorker,
} from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

describe('hosted sign-up and email verification', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let mailbox: Mailbox;
  beforeAll(async () => {
    container = await createTestContainer();
    mailbox = await startMailWorker(container);
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('POST /t/:tenant/signup -> "check your mail"; the mailed link verifies; then sign-in works', async () => {
    const tenant = await givenTenant(container);
    const jo = browser(app);

    const signup = await jo.submit(`/t/${tenant.slug}/signup`, {
      email: 'Jo@Example.TEST',
      password: 'a long passphrase',
      given_name: 'Jo',
      family_name: '',
    });
    const mail = await mailbox.waitFor('Jo@example.test', 'Confirm your email address');
    const early = await jo.submit(`/t/${tenant.slug}/login`, {
      email: 'jo@example.test',
      password: 'a long passphrase',
    });
    const verified = await confirmByLink(jo, linkIn(mail, 'verify'));
    const replayed = await confirmByLink(jo, linkIn(mail, 'verify'));
    const signin = await jo.submit(`/t/${tenant.slug}/login`, {
      email: 'jo@example.test',
      password: 'a long passphrase',
    });

    expect(signup.status).toBe(200);
    expect(signup.text).toContain('Check your mail');
    expect(early.status).toBe(403);
    expect(early.text).toContain('Confirm your email address first');
    expect(mail.html).toContain('<a href="http');
    expect(mail.text).toContain(`${container.config.publicUrl}/t/${tenant.slug}/verify?token=`);
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('Your email address is confirmed');
    expect(replayed.status).toBe(400);
    expect(signin.status).toBe(303);
    const events = await container.db
      .em()
      .execute('select type from outbox_events where tenant_id = ? order by id', [tenant.slug]);
    const types = events.map((row) => row.type);
    expect(types).toEqual(
      expect.arrayContaining(['user.created', 'user.email_verified', 'user.login.succeeded']),
    );
  });

  it('C-EMAIL-1 sign-up as QUACK@EXAMPLE.TEST, Quack@Example.test and decomposed jose\u0301 with quack@ and josé@ registered -> the fresh-sign-up page, no account, owner told', async () => {
    const tenant = await givenTenant(container);
    const owner = await givenUser(container, tenant, {
      email: 'quack@example.test',
      password: 'the owner password',
    });
    const jose = await givenUser(container, tenant, {
      email: 'jos\u00e9@example.test',
      password: 'the owner password',
    });
    const fresh = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'new@example.test',
      password: 'a long passphrase',
    });

    const variants = [];
    for (const email of ['QUACK@EXAMPLE.TEST', 'Quack@Example.test', 'jose\u0301@EXAMPLE.test']) {
      variants.push(
        await browser(app).submit(`/t/${tenant.slug}/signup`, {
          email,
          password: 'a long passphrase',
        }),
      );
    }

    const strip = (text: string) =>
      text.replace(/value="[^"]*"/g, '').replace(/[^\s<>]+@[^\s<>]+/g, 'EMAIL');
    for (const res of variants) {
      expect(res.status).toBe(fresh.status);
      expect(strip(res.text)).toBe(strip(fresh.text));
    }
    await mailbox.waitFor('new@example.test', 'Confirm');
    await mailbox.waitFor(jose.email, 'Someone tried to create');
    const users = await container.db
      .em()
      .execute('select email from users where tenant_id = ? order by email', [tenant.id]);
    expect(users).toEqual([
      { email: jose.email },
      { email: 'new@example.test' },
      { email: owner.email },
    ]);
    const notice = await mailbox.waitFor('quack@example.test', 'Someone tried to create');
    expect(notice.text).toContain(`${container.config.publicUrl}/t/${tenant.slug}/forgot`);
  });

  it('POST /t/:tenant/signup with a short password and a bad email -> 400 naming both fields, nothing stored', async () => {
    const tenant = await givenTenant(container);

    const res = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'not-an-email',
      password: 'short',
    });

    expect(res.status).toBe(400);
    expect(res.text).toContain('<a href="#email">');
    expect(res.text).toContain('<a href="#password">');
    expect(res.text).toContain('aria-invalid="true"');
    const users = await container.db
      .em()
      .execute('select 1 from users where tenant_id = ?', [tenant.id]);
    expect(users).toHaveLength(0);
  });

  it('POST /t/:tenant/signup at a domain outside allowedDomains -> 400 on the email field, nothing stored; an allowed one -> check your mail', async () => {
    const tenant = await givenTenant(container, { allowedDomains: ['example.test'] });
    const usersOf = () =>
      container.db.em().execute('select email from users where tenant_id = ?', [tenant.id]);

    const outside = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'jo@other.test',
      password: 'a long passphrase',
    });
    const subdomain = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'jo@mail.example.test',
      password: 'a long passphrase',
    });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('<a href="#email">');
    expect(outside.text).toContain('Sign-up is open only to addresses at example.test.');
    expect(outside.text).toContain('value="jo@other.test"');
    expect(subdomain.status).toBe(400);
    expect(await usersOf()).toHaveLength(0);

    const inside = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'Kim@EXAMPLE.test',
      password: 'a long passphrase',
    });
    expect(inside.status).toBe(200);
    expect(inside.text).toContain('Check your mail');
    expect(await usersOf()).toEqual([{ email: 'Kim@example.test' }]);
  });

  it('allowedDomains binds sign-up only: an admin creates a user at another domain -> 201', async () => {
    const tenant = await givenTenant(container, { allowedDomains: ['example.test'] });
    const token = await givenAdminToken(container, app);

    const res = await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users`)
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'contractor@partner.test' });

    expect(res.status).toBe(201);
  });

  it('GET/POST /t/:tenant/signup when the tenant turned sign-up off -> 403, no account', async () => {
    const tenant = await givenTenant(container, { settings: { signupEnabled: false } });
    const page = await request(app).get(`/t/${tenant.slug}/signup`);
    const login = await request(app).get(`/t/${tenant.slug}/login`);

    expect(page.status).toBe(403);
    expect(page.text).toContain('Sign-up is closed');
    expect(login.text).not.toContain('/signup');
  });

  it('sign-up with an interaction: the mailed link carries it, and sign-in returns to authorize/resume', async () => {
    const tenant = await givenTenant(container);
    const interaction = await givenInteraction(container, tenant.id);
    const kim = browser(app);

    await kim.submit(`/t/${tenant.slug}/signup?interaction=${interaction}`, {
      email: 'kim@example.test',
      password: 'a long passphrase',
    });
    const mail = await mailbox.waitFor('kim@example.test', 'Confirm');
    const link = linkIn(mail, 'verify');
    const verified = await confirmByLink(kim, link);
    const signin = await kim.submit(`/t/${tenant.slug}/login?interaction=${interaction}`, {
      email: 'kim@example.test',
      password: 'a long passphrase',
    });

    expect(link.searchParams.get('interaction')).toBe(interaction);
    expect(verified.text).toContain(`/login?interaction=${interaction}`);
    expect(signin.headers.location).toBe(
      `${container.config.publicUrl}/t/${tenant.slug}/authorize/resume?interaction=${interaction}`,
    );
  });

  it('GET/POST /t/:tenant/resend-verification -> a new link for an unverified user; the old one dies', async () => {
    const tenant = await givenTenant(container);
    const lee = browser(app);
    await lee.submit(`/t/${tenant.slug}/signup`, {
      email: 'lee@example.test',
      password: 'a long passphrase',
    });
    const first = await mailbox.waitFor('lee@example.test', 'Confirm');
    const before = mailbox.sent.length;

    const res = await lee.submit(`/t/${tenant.slug}/resend-verification`, {
      email: 'lee@example.test',
    });
    const second = await mailbox.waitFor('lee@example.test', 'Confirm', before);

    expect(res.status).toBe(200);
    expect(res.text).toContain('Check your mail');
    expect((await confirmByLink(lee, linkIn(first, 'verify'))).status).toBe(400);
    expect((await confirmByLink(lee, linkIn(second, 'verify'))).status).toBe(200);
  });
});
