import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  cookieFrom,
  csrfFrom,
  givenInteraction,
  givenUser,
} from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

describe('hosted sign-in page', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    container = await createTestContainer({ loginMaxFailures: 3, loginLockSeconds: 2 });
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('GET /t/:tenant/login -> 200 form with labels, CSRF field, strict CSP and no-store', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app).get(`/t/${tenant.slug}/login`);

    expect(res.status).toBe(200);
    expect(res.text).toContain('<label for="email">');
    expect(res.text).toContain('<label for="password">');
    expect(csrfFrom(res.text)).toMatch(/^[\w-]{20,}$/);
    expect(res.headers['cache-control']).toBe('no-store');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('POST /t/:tenant/login right password -> 303 to the account page with a new session', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'ann@example.test', password: 'correct horse 1' });
    const ann = browser(app);

    const res = await ann.submit(`/t/${tenant.slug}/login`, {
      email: 'ann@example.test',
      password: 'correct horse 1',
    });

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${container.config.publicUrl}/t/${tenant.slug}/account`);
    const cookie = cookieFrom(res.headers, `lk_session_${tenant.slug}=`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const account = await ann.get(`/t/${tenant.slug}/account`);
    expect(account.status).toBe(200);
    expect(account.text).toContain('ann@example.test');
  });

  it('POST /t/:tenant/login without a CSRF token -> 403 and nobody signed in', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'bob@example.test', password: 'correct horse 1' });
    const bob = browser(app);
    await bob.get(`/t/${tenant.slug}/login`);

    const res = await bob.agent
      .post(`/t/${tenant.slug}/login`)
      .type('form')
      .send({ email: 'bob@example.test', password: 'correct horse 1' });

    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    expect(cookieFrom(res.headers, `lk_session_${tenant.slug}=`)).toBeUndefined();
  });

  it('POST /t/:tenant/login with a CSRF token of another browser -> 403', async () => {
    const tenant = await givenTenant(container);
    const attacker = await request(app).get(`/t/${tenant.slug}/login`);
    const victim = browser(app);
    await victim.get(`/t/${tenant.slug}/login`);

    const res = await victim.agent
      .post(`/t/${tenant.slug}/login`)
      .type('form')
      .send({ email: 'x@example.test', password: 'whatever1', _csrf: csrfFrom(attacker.text) });

    expect(res.status).toBe(403);
  });

  it('C-SESS-1 the session id changes at sign-in, forced re-login and sign-out; the pre-sign-in cookie stays anonymous', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'cy@example.test', password: 'correct horse 1' });
    const relogin = await givenInteraction(container, tenant.id, { prompt: ['login'] });
    const cy = browser(app);
    const page = await cy.get(`/t/${tenant.slug}/login`);
    const s0 = cookieFrom(page.headers, 'lk_pre=')?.split(';')[0] ?? '';
    const sessionCookie = (res: { headers: Record<string, unknown> }) =>
      cookieFrom(res.headers, `lk_session_${tenant.slug}=`)?.split(';')[0] ?? '';

    const first = await cy.agent
      .post(`/t/${tenant.slug}/login`)
      .type('form')
      .send({ email: 'cy@example.test', password: 'correct horse 1', _csrf: csrfFrom(page.text) });
    const s1 = sessionCookie(first);
    const again = await cy.submit(`/t/${tenant.slug}/login?interaction=${relogin}`, {
      email: 'cy@example.test',
      password: 'correct horse 1',
    });
    const s2 = sessionCookie(again);
    const confirm = await cy.get(`/t/${tenant.slug}/logout`);
    const logoutId = /name="logout" value="([^"]+)"/.exec(confirm.text)?.[1] ?? '';
    const out = await cy.agent
      .post(`/t/${tenant.slug}/logout`)
      .type('form')
      .send({ logout: logoutId, _csrf: csrfFrom(confirm.text) });

    expect(s0).toMatch(/^lk_pre=.+/);
    expect(s1).toMatch(new RegExp(`^lk_session_${tenant.slug}=.{40,}`));
    expect(s2).toMatch(new RegExp(`^lk_session_${tenant.slug}=.{40,}`));
    expect(new Set([s0.split('=')[1], s1.split('=')[1], s2.split('=')[1]]).size).toBe(3);
    expect(out.status).toBe(200);
    expect(sessionCookie(out)).toBe(`lk_session_${tenant.slug}=`);
    for (const stale of [s0, s1, s2]) {
      const replay = await request(app).get(`/t/${tenant.slug}/account`).set('Cookie', stale);
      expect(replay.status).toBe(303);
      expect(replay.headers.location).toBe(`${container.config.publicUrl}/t/${tenant.slug}/login`);
    }
  });

  it('C-SESS-1 a session of tenant A does not count at tenant B', async () => {
    const a = await givenTenant(container);
    const b = await givenTenant(container);
    await givenUser(container, a, { email: 'dee@example.test', password: 'correct horse 1' });
    const dee = browser(app);
    const res = await dee.submit(`/t/${a.slug}/login`, {
      email: 'dee@example.test',
      password: 'correct horse 1',
    });
    const sid = cookieFrom(res.headers, `lk_session_${a.slug}=`)?.split(';')[0].split('=')[1];

    const atB = await request(app)
      .get(`/t/${b.slug}/account`)
      .set('Cookie', `lk_session_${b.slug}=${sid}`);

    expect(atB.status).toBe(303);
    expect(atB.headers.location).toBe(`${container.config.publicUrl}/t/${b.slug}/login`);
  });

  it('C-SESS-1 over https the cookies are __Host- prefixed and Secure', async () => {
    const secure = await createTestContainer({ publicUrl: 'https://id.example.test' });
    try {
      const tenant = await givenTenant(secure);
      await givenUser(secure, tenant, { email: 'eve@example.test', password: 'correct horse 1' });
      const secureApp = createApp(secure);
      const page = await request(secureApp).get(`/t/${tenant.slug}/login`);
      const pre = cookieFrom(page.headers, '__Host-lk_pre=')?.split(';')[0] ?? '';

      const res = await request(secureApp)
        .post(`/t/${tenant.slug}/login`)
        .set('Cookie', pre)
        .type('form')
        .send({
          email: 'eve@example.test',
          password: 'correct horse 1',
          _csrf: csrfFrom(page.text),
        });

      const cookie = cookieFrom(res.headers, `__Host-lk_session_${tenant.slug}=`);
      expect(cookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax/);
      expect(cookie).not.toMatch(/Domain=/);
      expect(cookieFrom(res.headers, '__Host-lk_pre=')).toMatch(/Secure/);
    } finally {
      await secure.close();
    }
  });

  it('POST /t/:tenant/login wrong password -> 401 with an error summary; nothing about the account', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'fay@example.test', password: 'correct horse 1' });

    const res = await browser(app).submit(`/t/${tenant.slug}/login`, {
      email: 'fay@example.test',
      password: 'wrong password',
    });

    expect(res.status).toBe(401);
    expect(res.text).toContain('role="alert"');
    expect(res.text).toContain('The email or password is not right.');
  });

  it('failed sign-ins past the limit -> 429 with Retry-After, for a known and an unknown email alike; success after the lock', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'gus@example.test', password: 'correct horse 1' });
    const gus = browser(app);
    const attempt = (email: string, password: string) =>
      gus.submit(`/t/${tenant.slug}/login`, { email, password });

    for (const email of ['gus@example.test', 'nobody@example.test']) {
      for (let i = 0; i < 3; i++) expect((await attempt(email, 'wrong password')).status).toBe(401);
    }
    const known = await attempt('gus@example.test', 'correct horse 1');
    const unknown = await attempt('nobody@example.test', 'correct horse 1');

    for (const res of [known, unknown]) {
      expect(res.status).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.text).toContain('Too many failed sign-ins');
    }
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await attempt('gus@example.test', 'correct horse 1')).status).toBe(303);
  });

  it.each([
    ['password', { email: 'ida@example.test' }, 'Enter your password.'],
    ['email', { password: 'wrong password' }, 'Enter your email address.'],
  ])(
    'POST /t/:tenant/login without the %s field -> 400 form naming it',
    async (field, form, message) => {
      const tenant = await givenTenant(container);

      const res = await browser(app).submit(`/t/${tenant.slug}/login`, form);

      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(`<a href="#${field}">${message}</a>`);
      expect(res.text).toContain(`<p class="field-error" id="${field}-error">${message}</p>`);
    },
  );

  it('POST /t/:tenant/login forms without a password or email, past every limit -> not counted; the right password still signs in', async () => {
    const strict = await createTestContainer({
      loginMaxFailures: 3,
      loginIpMaxFailures: 3,
      loginLockSeconds: 60,
    });
    try {
      const strictApp = createApp(strict);
      const tenant = await givenTenant(strict);
      await givenUser(strict, tenant, { email: 'jo@example.test', password: 'correct horse 1' });
      const jo = browser(strictApp);
      const malformed: Array<Record<string, string>> = [
        { email: 'jo@example.test' },
        { email: 'jo@example.test', password: '' },
        { password: 'correct horse 1' },
        {},
      ];

      const statuses = [];
      for (let i = 0; i < 2; i++) {
        for (const form of malformed) {
          statuses.push((await jo.submit(`/t/${tenant.slug}/login`, form)).status);
        }
      }
      const signIn = await jo.submit(`/t/${tenant.slug}/login`, {
        email: 'jo@example.test',
        password: 'correct horse 1',
      });

      expect(statuses).toEqual(Array(8).fill(400));
      expect(signIn.status).toBe(303);
      expect(signIn.headers.location).toBe(`${strict.config.publicUrl}/t/${tenant.slug}/account`);
    } finally {
      await strict.close();
    }
  });

  it('POST /t/:tenant/login records the login history and user.login.* events', async () => {
    const tenant = await givenTenant(container);
    const user = await givenUser(container, tenant, {
      email: 'hal@example.test',
      password: 'correct horse 1',
    });
    const hal = browser(app);
    await hal.submit(`/t/${tenant.slug}/login`, {
      email: 'hal@example.test',
      password: 'nope nope',
    });
    await hal.submit(`/t/${tenant.slug}/login`, {
      email: 'hal@example.test',
      password: 'correct horse 1',
    });

    const history = await container.db
      .em()
      .execute(
        'select result, ip, user_agent from login_attempts where tenant_id = ? and user_id = ? order by occurred_at',
        [tenant.id, user.id],
      );
    const events = await container.db
      .em()
      .execute(
        "select type from outbox_events where tenant_id = ? and type like 'user.login.%' order by id",
        [tenant.slug],
      );

    expect(history.map((row) => row.result)).toEqual(['failed', 'succeeded']);
    expect(history[0].ip).toBeTruthy();
    expect(events.map((row) => row.type)).toEqual(['user.login.failed', 'user.login.succeeded']);
  });

  it('POST /t/:tenant/login with an interaction -> 303 to the issuer authorize/resume, nowhere else', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'ivy@example.test', password: 'correct horse 1' });
    const id = await givenInteraction(container, tenant.id, { loginHint: 'ivy@example.test' });
    const ivy = browser(app);

    const page = await ivy.get(`/t/${tenant.slug}/login?interaction=${id}`);
    const res = await ivy.agent
      .post(`/t/${tenant.slug}/login?interaction=${id}&redirect_uri=https://evil.test`)
      .type('form')
      .send({ email: 'ivy@example.test', password: 'correct horse 1', _csrf: csrfFrom(page.text) });

    expect(page.text).toContain('Sign in to continue to Example App.');
    expect(page.text).toContain('value="ivy@example.test"');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `${container.config.publicUrl}/t/${tenant.slug}/authorize/resume?interaction=${id}`,
    );
  });
});
