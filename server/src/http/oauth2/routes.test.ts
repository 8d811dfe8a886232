import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

const PAGE = /^text\/html/;
const OAUTH_JSON = /^application\/json/;
const PROBLEM = /^application\/problem\+json/;

/** Each path of the issuer served by Express, a method it does not serve, and the answer. */
const REFUSED: [string, string, string, RegExp][] = [
  ['PUT', '/authorize', 'GET, HEAD, POST', PAGE],
  ['DELETE', '/authorize', 'GET, HEAD, POST', PAGE],
  ['POST', '/authorize/resume', 'GET, HEAD', PAGE],
  ['PUT', '/consent', 'GET, HEAD, POST', PAGE],
  ['PATCH', '/consent', 'GET, HEAD, POST', PAGE],
  ['DELETE', '/consent', 'GET, HEAD, POST', PAGE],
  ['PUT', '/logout', 'GET, HEAD, POST', PAGE],
  ['DELETE', '/logout', 'GET, HEAD, POST', PAGE],
  ['PUT', '/userinfo', 'GET, HEAD, POST', OAUTH_JSON],
  ['PATCH', '/userinfo', 'GET, HEAD, POST', OAUTH_JSON],
  ['DELETE', '/userinfo', 'GET, HEAD, POST', OAUTH_JSON],
  ['POST', '/.well-known/openid-configuration', 'GET, HEAD', PROBLEM],
  ['PUT', '/.well-known/openid-configuration', 'GET, HEAD', PROBLEM],
  ['DELETE', '/.well-known/jwks.json', 'GET, HEAD', PROBLEM],
  ['PATCH', '/.well-known/jwks.json', 'GET, HEAD', PROBLEM],
];

describe('protocol routes: a method a path does not serve', () => {
  let container: TestContainer;
  let app: RequestListener;
  let slug: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    slug = (await givenTenant(container)).slug;
  });
  afterAll(async () => {
    await container?.close();
  });

  it.each(REFUSED)('%s /t/:tenant%s -> 405 with Allow: %s', async (method, path, allow, type) => {
    const res = await request(app)[method.toLowerCase() as Method](`/t/${slug}${path}`);

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.headers['content-type']).toMatch(type);
  });

  it("PUT /t/:tenant/consent -> the pages' 405 page, request id, no-store", async () => {
    const res = await request(app).put(`/t/${slug}/consent`).set('X-Request-Id', 'trace-405-c');

    expect(res.text).toContain('<h1>This page cannot be used that way</h1>');
    expect(res.text).toContain('<code>trace-405-c</code>');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('DELETE /t/:tenant/userinfo -> 405 invalid_request (RFC 6750), no challenge', async () => {
    const res = await request(app).delete(`/t/${slug}/userinfo`).set('Authorization', 'Bearer x');

    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'Use GET or POST.' });
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('PUT /t/:tenant/.well-known/jwks.json -> 405 request.method_not_allowed problem', async () => {
    const res = await request(app).put(`/t/${slug}/.well-known/jwks.json`);

    expect(res.body).toMatchObject({
      status: 405,
      code: 'request.method_not_allowed',
      message: 'PUT is not allowed here; use GET, HEAD.',
    });
  });

  it.each([
    ['/authorize', 'GET, HEAD, POST'],
    ['/consent', 'GET, HEAD, POST'],
    ['/logout', 'GET, HEAD, POST'],
    ['/userinfo', 'GET, HEAD, POST'],
    ['/.well-known/openid-configuration', 'GET, HEAD'],
  ])('OPTIONS /t/:tenant%s -> 200 with Allow: %s, as before', async (path, allow) => {
    const res = await request(app).options(`/t/${slug}${path}`);

    expect(res.status).toBe(200);
    expect(res.headers.allow).toBe(allow);
  });

  it.each([
    ['GET', '/.well-known/openid-configuration', 200],
    ['HEAD', '/.well-known/openid-configuration', 200],
    ['GET', '/.well-known/jwks.json', 200],
    ['GET', '/logout', 200],
    ['GET', '/authorize', 400],
    ['POST', '/userinfo', 401],
  ] as [string, string, number][])(
    '%s /t/:tenant%s, a method it serves -> %i, as before',
    async (method, path, status) => {
      const res = await request(app)[method.toLowerCase() as Method](`/t/${slug}${path}`);

      expect(res.status).toBe(status);
      expect(res.headers.allow).toBeUndefined();
    },
  );

  it.each(['/authorize', '/consent', '/logout'])(
    'an unknown tenant at %s (a browser path) -> the 404 page; at userinfo -> JSON',
    async (path) => {
      const page = await request(app).get(`/t/no-such${path}`);
      const api = await request(app).get('/t/no-such/userinfo');

      expect(page.status).toBe(404);
      expect(page.type).toBe('text/html');
      expect(page.text).toContain('This page does not exist');
      expect(api.status).toBe(404);
      expect(api.body).toMatchObject({ code: 'tenant.not_found' });
    },
  );
});
