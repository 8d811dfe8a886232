import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenSystemTenant, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';

const CB = 'https://app.example.test/cb';

describe('admin API client input: repeats, unmatchable URIs and grants that need each other', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let tenant: Awaited<ReturnType<typeof givenTenant>>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    token = await givenAdminToken(container, app);
    tenant = await givenTenant(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${token}` });
  const base = (slug = tenant.slug) => `/admin/v1/tenants/${slug}/clients`;
  const count = (tenantId = tenant.id) => container.db.em().count(OAuthClientSchema, { tenantId });

  it.each([
    ['grantTypes', { grantTypes: ['authorization_code', 'authorization_code'] }, 'grantTypes.1'],
    ['scopes', { scopes: ['openid', 'email', 'openid'] }, 'scopes.2'],
    ['redirectUris', { redirectUris: [CB, CB] }, 'redirectUris.1'],
    ['postLogoutRedirectUris', { postLogoutRedirectUris: [CB, CB] }, 'postLogoutRedirectUris.1'],
  ])(
    'POST with a repeat in %s -> 400 naming its index, nothing created',
    async (_, body, field) => {
      const before = await count();

      const res = await request(app)
        .post(base())
        .set(admin())
        .send({ name: 'Repeats', redirectUris: [CB], ...body });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.invalid');
      expect(res.body.errors).toEqual([
        { field, message: expect.stringMatching(/^Repeats entry/) },
      ]);
      expect(await count()).toBe(before);
    },
  );

  it.each([
    ['a wildcard host', 'https://*.example.test/cb', /wildcard/],
    ['port 0', 'https://app.example.test:0/cb', /Port 0/],
    ['a percent-escaped host', 'https://app.example.test%2eevil.test/cb', /percent-escapes/],
    ['an empty host label', 'https://app..example.test/cb', /empty label/],
    ['a tab', 'https://app.example.test/c\tb', /control characters \(U\+0009\)/],
    ['a line feed', 'https://app.example.test/cb\n', /control characters \(U\+000A\)/],
    ['DEL', 'https://app.example.test/c\u007fb', /control characters \(U\+007F\)/],
    ['a C1 control', 'https://app.example.test/c\u0085b', /control characters \(U\+0085\)/],
  ])('POST a redirect URI with %s -> 400 naming redirectUris.1', async (_, bad, message) => {
    const before = await count();

    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Redirects', redirectUris: [CB, bad] });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('client.redirect_uri_invalid');
    expect(res.body.errors).toEqual([
      { field: 'redirectUris.1', message: expect.stringMatching(message) },
    ]);
    expect(await count()).toBe(before);
  });

  it('PATCH a post-logout redirect URI with a wildcard -> 400 naming it, unchanged', async () => {
    const { client } = await givenClient(container, tenant, { redirectUris: [CB] });

    const res = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ postLogoutRedirectUris: ['https://*.example.test/bye'] });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'postLogoutRedirectUris.0',
    ]);
    const stored = await container.db.em().findOneOrFail(OAuthClientSchema, { id: client.id });
    expect(stored.postLogoutRedirectUris).toEqual([]);
  });

  it('POST a redirect URI with a Unicode host -> 201, stored with its punycode host', async () => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({
        name: 'IDN',
        redirectUris: ['https://Exämple.test:8443/cb?x=ä'],
        postLogoutRedirectUris: ['https://bücher.example/bye'],
      });

    expect(res.status).toBe(201);
    expect(res.body.redirectUris).toEqual(['https://xn--exmple-cua.test:8443/cb?x=ä']);
    expect(res.body.postLogoutRedirectUris).toEqual(['https://xn--bcher-kva.example/bye']);
    const stored = await container.db
      .em()
      .findOneOrFail(OAuthClientSchema, { clientId: res.body.clientId });
    expect(stored.redirectUris).toEqual(res.body.redirectUris);
  });

  it('POST the same host in Unicode and in punycode -> 400 naming the second, nothing created', async () => {
    const before = await count();

    const res = await request(app)
      .post(base())
      .set(admin())
      .send({
        name: 'IDN twice',
        redirectUris: ['https://xn--exmple-cua.test/cb', 'https://exämple.test/cb'],
      });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('client.redirect_uri_invalid');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['redirectUris.1']);
    expect(await count()).toBe(before);
  });

  it('POST an authorization_code client without a redirect URI -> 400 naming redirectUris', async () => {
    const before = await count();

    const defaults = await request(app).post(base()).set(admin()).send({ name: 'Web' });
    const explicit = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Web', grantTypes: ['authorization_code'], redirectUris: [] });

    for (const res of [defaults, explicit]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'client.redirect_uri_invalid',
        errors: [{ field: 'redirectUris', message: expect.stringContaining('authorization_code') }],
      });
    }
    expect(await count()).toBe(before);
  });

  it('POST refresh_token without authorization_code -> 400 naming grantTypes', async () => {
    const before = await count();

    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Refresh only', grantTypes: ['client_credentials', 'refresh_token'] });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'client.grant_type_invalid',
      errors: [{ field: 'grantTypes', message: expect.stringContaining('authorization_code') }],
    });
    expect(await count()).toBe(before);
  });

  it('PATCH removing the last redirect URI of a code client -> 400, unchanged', async () => {
    const { client } = await givenClient(container, tenant, { redirectUris: [CB] });

    const res = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ redirectUris: [] });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['redirectUris']);
    const stored = await container.db.em().findOneOrFail(OAuthClientSchema, { id: client.id });
    expect(stored.redirectUris).toEqual([CB]);
  });

  it('PATCH the name of a code client registered without a redirect URI before the rule -> 200', async () => {
    const { client } = await givenClient(container, tenant);

    const res = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ name: 'Renamed' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', redirectUris: [] });
  });

  it('POST a system client with admin scopes and authorization_code -> 400 naming grantTypes', async () => {
    const system = await givenSystemTenant(container);
    const before = await count(system.id);

    const res = await request(app)
      .post(base('system'))
      .set(admin())
      .send({
        name: 'Admin console',
        grantTypes: ['authorization_code', 'client_credentials'],
        redirectUris: [CB],
        scopes: ['tenants:read'],
      });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'client.grant_type_invalid',
      errors: [{ field: 'grantTypes', message: expect.stringContaining('no end users') }],
    });
    expect(await count(system.id)).toBe(before);
  });

  it('PATCH a system admin client to add authorization_code -> 400, grants unchanged', async () => {
    const system = await givenSystemTenant(container);
    const { client } = await givenClient(container, system, {
      grantTypes: ['client_credentials'],
      scopes: ['tenants:read'],
    });

    const res = await request(app)
      .patch(`${base('system')}/${client.clientId}`)
      .set(admin())
      .send({ grantTypes: ['client_credentials', 'authorization_code'], redirectUris: [CB] });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('client.grant_type_invalid');
    const stored = await container.db.em().findOneOrFail(OAuthClientSchema, { id: client.id });
    expect(stored.grantTypes).toEqual(['client_credentials']);
  });
});
