import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../test/support/fixtures.js';
import { outboxEvents } from '../../../test/support/outbox.js';
import { createApp } from '../app.js';

/**
 * The token, introspection and revocation endpoints are served ahead of Express. What every
 * other route gets from Express must hold for them too, and their form is read by our own code.
 */
describe('the protocol lane (token, introspect, revoke)', () => {
  let container: TestContainer;
  let app: RequestListener;
  let tenant: Awaited<ReturnType<typeof givenTenant>>;
  let client: Awaited<ReturnType<typeof givenClient>>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    tenant = await givenTenant(container);
    client = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['reports:read'],
    });
  });
  afterAll(async () => {
    await container?.close();
  });

  const basic = () =>
    `Basic ${Buffer.from(`${client.client.clientId}:${client.clientSecret}`).toString('base64')}`;
  const issuedCount = async () =>
    (await outboxEvents(container, 'token.issued', tenant.slug)).length;

  it('a token response -> the request id echoed, API security headers, no-store', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .set('X-Request-Id', 'lane-trace-0001')
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'x-request-id': 'lane-trace-0001',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'cache-control': 'no-store',
      pragma: 'no-cache',
    });
  });

  it('a request -> one access log line with the path and status, never the query', async () => {
    await request(app)
      .post(`/t/${tenant.slug}/token?secret=in-the-query`)
      .set('Authorization', basic())
      .set('X-Request-Id', 'lane-trace-0002')
      .type('form')
      .send({ grant_type: 'client_credentials' });

    const lines = container.logLines.filter((line) => line.requestId === 'lane-trace-0002');
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'request',
        method: 'POST',
        path: `/t/${tenant.slug}/token`,
        status: 200,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('in-the-query');
  });

  it('a parameter sent twice -> 400 invalid_request naming it, and no token', async () => {
    const before = await issuedCount();

    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .type('form')
      .send('grant_type=client_credentials&scope=reports%3Aread&scope=admin');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      error_description: 'The parameter scope was sent more than once.',
    });
    expect(await issuedCount()).toBe(before);
  });

  it('a refused scope with quotes, a backslash, control characters and 10 KB -> a description in the RFC charset, cut short', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .type('form')
      .send({ grant_type: 'client_credentials', scope: `é"\\x\u001b[2J\n${'y'.repeat(10_000)}` });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
    const description: string = res.body.error_description;
    expect(description).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
    expect(description.length).toBeLessThanOrEqual(200);
    expect(description).toContain('The client may not ask for: ??');
  });

  it.each([
    ['JSON', 'application/json', '{"grant_type":"client_credentials"}'],
    ['text', 'text/plain', 'grant_type=client_credentials'],
    ['Latin-1 form', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'a=b'],
  ])('a %s body -> 400 invalid_request asking for a UTF-8 form', async (_kind, type, body) => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .set('Content-Type', type)
      .send(body);

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'invalid_request',
      error_description: 'The body must be application/x-www-form-urlencoded (UTF-8).',
    });
  });

  it('a form with a charset=UTF-8 parameter -> read as usual', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .set('Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8')
      .send('grant_type=client_credentials');

    expect(res.status).toBe(200);
  });

  it('a body over 16 KiB -> 400 invalid_request, and the server keeps answering', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .type('form')
      .send(`grant_type=client_credentials&padding=${'x'.repeat(17 * 1024)}`);

    expect(res.status).toBe(400);
    expect(res.body.error_description).toBe('The body is larger than 16384 bytes.');
    const next = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(next.status).toBe(200);
  });

  it('more than 50 parameters -> 400 invalid_request', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `p${i}=v`).join('&');

    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic())
      .type('form')
      .send(`grant_type=client_credentials&${many}`);

    expect(res.status).toBe(400);
    expect(res.body.error_description).toBe('The body has more than 50 parameters.');
  });

  it.each(['token', 'introspect', 'revoke'])(
    'GET or PUT /%s -> 405 with Allow: POST and invalid_request "Use POST."',
    async (endpoint) => {
      const res = await request(app).get(`/t/${tenant.slug}/${endpoint}`);
      const put = await request(app).put(`/t/${tenant.slug}/${endpoint}`).type('form').send('a=b');

      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('POST');
      expect(put.status).toBe(405);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({ error: 'invalid_request', error_description: 'Use POST.' });
    },
  );

  it('an unknown or malformed tenant -> 404 tenant.not_found with the request id', async () => {
    for (const slug of ['no-such-tenant', '%E0%A4%A', 'UPPER']) {
      const res = await request(app)
        .post(`/t/${slug}/token`)
        .set('X-Request-Id', 'lane-trace-0404')
        .type('form')
        .send({ grant_type: 'client_credentials' });

      expect(res.status).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'tenant.not_found', requestId: 'lane-trace-0404' });
    }
  });

  it('a failed client authentication at /introspect -> an audit event naming that endpoint', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/introspect`)
      .auth(client.client.clientId, 'not-the-secret')
      .type('form')
      .send({ token: 'anything' });

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Basic');
    const events = await outboxEvents(container, 'client.authentication_failed', tenant.slug);
    expect(events.map((event) => event.data)).toContainEqual(
      expect.objectContaining({ endpoint: '/introspect', clientId: client.client.clientId }),
    );
  });

  it.each(['Token', 'token/', 'token/extra'])(
    'POST /%s (not the exact path) -> 404 from the router, no token',
    async (path) => {
      const res = await request(app)
        .post(`/t/${tenant.slug}/${path}`)
        .set('Authorization', basic())
        .type('form')
        .send({ grant_type: 'client_credentials' });

      expect(res.status).toBe(404);
      expect(res.body.access_token).toBeUndefined();
    },
  );
});
