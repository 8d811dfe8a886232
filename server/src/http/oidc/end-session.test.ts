import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTokens, introspect } from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';

const REGISTERED = 'https://rp.test/bye';

describe('GET|POST /t/:tenant/logout (end-session)', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  function brokenSignature(idToken: string) {
    const [header, payload, signature] = idToken.split('.');
    const flipped = `${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`;
    return `${header}.${payload}.${flipped}`;
  }

  it('C-LOGOUT-1 unregistered, unhinted, suffixed or badly signed return URIs -> our own page, never a redirect', async () => {
    const { tenant, tokens, cookie } = await givenTokens(app, container);
    const logout = (query: Record<string, string>) =>
      request(app)
        .get(`/t/${tenant.slug}/logout`)
        .query({ state: 'zq-state-77', ...query })
        .set('Cookie', cookie);

    const cases = await Promise.all([
      logout({ post_logout_redirect_uri: 'https://evil.test/' }),
      logout({ post_logout_redirect_uri: 'https://evil.test/', id_token_hint: tokens.id_token }),
      logout({ post_logout_redirect_uri: `${REGISTERED}?foo=bar`, id_token_hint: tokens.id_token }),
      logout({
        post_logout_redirect_uri: REGISTERED,
        id_token_hint: brokenSignature(tokens.id_token),
      }),
    ]);

    for (const res of cases) {
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).not.toContain('zq-state-77');
    }
  });

  it('C-JWT-1 id_token_hint with alg none / None / nOnE -> the user is asked, no redirect', async () => {
    const { tenant, tokens, cookie } = await givenTokens(app, container);
    const [, payload] = tokens.id_token.split('.');

    for (const alg of ['none', 'None', 'nOnE']) {
      const header = Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url');
      const res = await request(app)
        .get(`/t/${tenant.slug}/logout`)
        .query({ id_token_hint: `${header}.${payload}.`, post_logout_redirect_uri: REGISTERED })
        .set('Cookie', cookie);

      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('name="logout"');
    }
  });

  it('C-LOGOUT-1 a valid hint and the registered URI -> confirm, then 303 there with state; tokens of the session revoked', async () => {
    const { tenant, tokens, cookie, client, secret } = await givenTokens(app, container);

    const page = await request(app)
      .get(`/t/${tenant.slug}/logout`)
      .query({
        id_token_hint: tokens.id_token,
        post_logout_redirect_uri: REGISTERED,
        state: 'st-1',
      })
      .set('Cookie', cookie);
    const pre = (page.headers['set-cookie'] as unknown as string[])
      .map((line) => line.split(';')[0])
      .join('; ');
    const field = (name: string) =>
      new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1] ?? '';
    const done = await request(app)
      .post(`/t/${tenant.slug}/logout`)
      .set('Cookie', `${cookie}; ${pre}`)
      .type('form')
      .send({ _csrf: field('_csrf'), logout: field('logout') });
    const inspected = await introspect(app, tenant, client.clientId, secret, tokens.access_token);

    expect(page.status).toBe(200);
    expect(page.headers.location).toBeUndefined();
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`${REGISTERED}?state=st-1`);
    expect(inspected.body).toEqual({ active: false });
  });

  it('POST /logout without the CSRF token -> 403 and the session lives on', async () => {
    const { tenant, cookie } = await givenTokens(app, container);

    const res = await request(app)
      .post(`/t/${tenant.slug}/logout`)
      .set('Cookie', cookie)
      .type('form')
      .send({});
    const still = await request(app).get(`/t/${tenant.slug}/logout`).set('Cookie', cookie);

    expect(res.status).toBe(403);
    expect(still.text).toContain('name="logout"');
  });
});
