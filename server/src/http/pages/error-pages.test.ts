import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { browser, givenUser } from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

/** What every error page shows a browser user: a page, its headers, and the request id. */
function expectErrorPage(res: request.Response, status: number, title: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  expect(res.text).toContain(`<h1>${title}</h1>`);
  expect(res.text).toContain(`<code>${res.headers['x-request-id']}</code>`);
  expect(res.headers['cache-control']).toBe('no-store');
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe('hosted pages: errors are pages', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it("GET /t/no-such/login -> 404 page in the pages' look, with the request id, no way to sign in", async () => {
    const res = await request(app).get('/t/no-such/login').set('X-Request-Id', 'trace-page-0404');

    expectErrorPage(res, 404, 'This page does not exist');
    expect(res.text).toContain('<code>trace-page-0404</code>');
    expect(res.text).not.toContain('/login"');
    const stylesheet = /<link rel="stylesheet" href="([^"]+pages\.css)">/.exec(res.text)?.[1];
    expect(stylesheet).toBe('/t/no-such/assets/pages.css');
    const css = await request(app).get(stylesheet ?? '');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('GET /t/UPPER_case/signup, a slug no tenant can have -> 404 page', async () => {
    const res = await request(app).get('/t/UPPER_case/signup');

    expectErrorPage(res, 404, 'This page does not exist');
  });

  it('GET a path under a page that no page serves -> 404 page with a link to sign in', async () => {
    const tenant = await givenTenant(container);

    for (const path of ['/login/extra', '/account/nope', '/reset/again']) {
      const res = await request(app).get(`/t/${tenant.slug}${path}`);

      expectErrorPage(res, 404, 'This page does not exist');
      expect(res.text).toContain(`href="/t/${tenant.slug}/login"`);
    }
  });

  it("GET /t/:tenant/nope, outside the pages -> the issuer's JSON 404, as before", async () => {
    const tenant = await givenTenant(container);

    const res = await request(app).get(`/t/${tenant.slug}/nope`);

    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'route.not_found' });
  });

  it.each([
    ['PUT', '/login', 'GET, HEAD, POST'],
    ['DELETE', '/signup', 'GET, HEAD, POST'],
    ['PATCH', '/reset', 'GET, HEAD, POST'],
    ['DELETE', '/account', 'GET, HEAD'],
    ['GET', '/account/password', 'POST'],
  ])('%s /t/:tenant%s -> 405 page with Allow: %s', async (method, path, allow) => {
    const tenant = await givenTenant(container);

    const res = await request(app)[method.toLowerCase() as 'put'](`/t/${tenant.slug}${path}`);

    expectErrorPage(res, 405, 'This page cannot be used that way');
    expect(res.headers.allow).toBe(allow);
  });

  it('PUT /t/:tenant/login with the right password -> 405 and nobody signed in', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'ada@example.test', password: 'correct horse 1' });

    const res = await request(app)
      .put(`/t/${tenant.slug}/login`)
      .type('form')
      .send({ email: 'ada@example.test', password: 'correct horse 1' });

    expect(res.status).toBe(405);
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain(`lk_session_${tenant.slug}`);
  });

  it('the admin API and the protocol endpoints keep their JSON answers', async () => {
    const tenant = await givenTenant(container);

    const answers = await Promise.all([
      request(app).get('/t/no-such/.well-known/openid-configuration'),
      request(app).put(`/t/${tenant.slug}/token`),
      request(app).get('/admin/v1/no-such-resource'),
    ]);

    expect(answers.map((res) => res.status)).toEqual([404, 405, 401]);
    for (const res of answers) expect(res.headers['content-type']).toMatch(/json/);
  });
});

describe('hosted pages: the unexpected is a page', () => {
  it('the database gone while serving a page -> 500 page with the request id; the cause only in the log', async () => {
    const container = await createTestContainer();
    try {
      const app = createApp(container);
      const tenant = await givenTenant(container);
      const who = browser(app);
      expect((await who.get(`/t/${tenant.slug}/login`)).status).toBe(200);
      await container.db.close();

      const res = await who.get(`/t/${tenant.slug}/verify?token=${'a'.repeat(43)}`);

      expectErrorPage(res, 500, 'Something went wrong on our side');
      expect(res.text).not.toMatch(/ at |Error|select|user_tokens/);
      const requestId = res.headers['x-request-id'];
      expect(container.logLines).toContainEqual(
        expect.objectContaining({ message: 'unhandled error', requestId }),
      );
    } finally {
      await container.close();
    }
  });
});
