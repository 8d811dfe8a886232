import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../../test/support/fixtures.js';
import { outboxEvents } from '../../../../../test/support/outbox.js';
import { createApp } from '../../../app.js';

describe('POST /t/:tenant/token grant_type=client_credentials', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let tenant: Awaited<ReturnType<typeof givenTenant>>;
  let client: Awaited<ReturnType<typeof givenClient>>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    tenant = await givenTenant(container);
    client = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['reports:read', 'reports:write'],
    });
  });
  afterAll(async () => {
    await container?.close();
  });

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

  it('client_secret_basic -> 200 with an ES256 at+jwt bound to the tenant issuer', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'reports:read' });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'reports:read',
    });
    const header = decodeProtectedHeader(res.body.access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(header.kid).toBeTruthy();
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({
      iss: `${container.config.publicUrl}/t/${tenant.slug}`,
      sub: client.client.clientId,
      client_id: client.client.clientId,
      scope: 'reports:read',
    });
    expect(claims.jti).toBeTruthy();
  });

  it("20 tokens at once -> each one's token.issued event, naming its jti, is stored before its response", async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(app)
          .post(`/t/${tenant.slug}/token`)
          .set('Authorization', basic(client.client.clientId, client.clientSecret!))
          .type('form')
          .send({ grant_type: 'client_credentials', scope: 'reports:write' })
          .then(async (res) => ({
            jti: decodeJwt(res.body.access_token).jti,
            // Read as soon as this response arrives, while others may still be in flight.
            stored: (await outboxEvents(container, 'token.issued', tenant.slug)).map(
              (event) => event.data.jti,
            ),
          })),
      ),
    );

    for (const { jti, stored } of responses) expect(stored).toContain(jti);
    const events = await outboxEvents(container, 'token.issued', tenant.slug);
    const issued = events.filter((event) => event.data.scope === 'reports:write');
    expect(issued.map((event) => event.data.jti).sort()).toEqual(
      responses.map((response) => response.jti).sort(),
    );
    expect(issued[0]).toMatchObject({
      actor: { type: 'client', id: client.client.clientId },
      data: { grantType: 'client_credentials', clientId: client.client.clientId },
    });
  });

  it('client_secret_post with no scope -> every scope the client is registered for', async () => {
    const res = await request(app).post(`/t/${tenant.slug}/token`).type('form').send({
      grant_type: 'client_credentials',
      client_id: client.client.clientId,
      client_secret: client.clientSecret!,
    });

    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('reports:read reports:write');
  });

  it('wrong secret -> 401 invalid_client with a Basic challenge and nothing else in the body', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, 'wrong'))
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
    expect(res.body.error).toBe('invalid_client');
  });

  it('right Basic credentials with junk after the base64 padding -> 401 invalid_client', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', `${basic(client.client.clientId, client.clientSecret!)}=junk`)
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('a client of another tenant -> 401 invalid_client', async () => {
    const other = await givenTenant(container);

    const res = await request(app)
      .post(`/t/${other.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('a scope the client is not registered for -> 400 invalid_scope', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'reports:read admin' });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_scope');
  });

  it('grant_type=password -> 400 unsupported_grant_type', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send({ grant_type: 'password', username: 'a', password: 'b' });

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'This grant type is not supported.',
    });
  });

  it('a parameter sent twice -> 400 invalid_request', async () => {
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send('grant_type=client_credentials&scope=reports:read&scope=reports:write');

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('a client not registered for client_credentials -> 400 unauthorized_client', async () => {
    const web = await givenClient(container, tenant, { grantTypes: ['authorization_code'] });

    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(web.client.clientId, web.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });

  it('RFC 8707: a listed resource -> the audience; an unlisted one -> 400 invalid_target; none -> the default audience', async () => {
    const api = 'https://api.example.test/reports';
    const listing = await givenTenant(container, {
      settings: { resourceIndicators: [api], defaultAudience: api },
    });
    const machine = await givenClient(container, listing, { grantTypes: ['client_credentials'] });
    const ask = (resource?: string) =>
      request(app)
        .post(`/t/${listing.slug}/token`)
        .set('Authorization', basic(machine.client.clientId, machine.clientSecret!))
        .type('form')
        .send({ grant_type: 'client_credentials', ...(resource ? { resource } : {}) });

    const listed = await ask(api);
    const unlisted = await ask('https://evil.example/');
    const unnamed = await ask();
    const elsewhere = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.client.clientId, client.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials', resource: api });

    expect(listed.status).toBe(200);
    expect(decodeJwt(listed.body.access_token).aud).toBe(api);
    expect(unlisted.status).toBe(400);
    expect(unlisted.body).toEqual({
      error: 'invalid_target',
      error_description: 'The resource is not known to this issuer.',
    });
    expect(decodeJwt(unnamed.body.access_token).aud).toBe(api);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('invalid_target');
  });

  it('a default audience stored as a URL that is no longer listed (the old issuer after a move) -> the issuer', async () => {
    const moved = await givenTenant(container, {
      settings: { defaultAudience: 'http://old-host.example/t/moved' },
    });
    const machine = await givenClient(container, moved, { grantTypes: ['client_credentials'] });

    const res = await request(app)
      .post(`/t/${moved.slug}/token`)
      .set('Authorization', basic(machine.client.clientId, machine.clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials' });

    expect(decodeJwt(res.body.access_token).aud).toBe(
      `${container.config.publicUrl}/t/${moved.slug}`,
    );
  });
});
