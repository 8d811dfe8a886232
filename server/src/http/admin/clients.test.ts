import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';

describe('admin API /admin/v1/tenants/:slug/clients', () => {
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
  const base = () => `/admin/v1/tenants/${tenant.slug}/clients`;
  const tokenFor = (clientId: string, clientSecret: string) =>
    request(app).post(`/t/${tenant.slug}/token`).type('form').send({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });

  it('POST -> 201 confidential client with its secret once; GET never shows it', async () => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Deployer', grantTypes: ['client_credentials'], scopes: ['deploy'] });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tenant: tenant.slug,
      name: 'Deployer',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: ['deploy'],
      accessTokenTtl: 900,
    });
    expect(res.body.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await container.db
      .em()
      .findOneOrFail(OAuthClientSchema, { clientId: res.body.clientId });
    expect(stored.secretHash).not.toContain(res.body.clientSecret);
    const read = await request(app).get(`${base()}/${res.body.clientId}`).set(admin());
    expect(read.status).toBe(200);
    expect(read.body.clientSecret).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain('secretHash');
    expect((await tokenFor(res.body.clientId, res.body.clientSecret)).status).toBe(200);
  });

  it('POST with only client_credentials and no scopes -> 201 with no scopes; its token has none', async () => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Machine', grantTypes: ['client_credentials'] });
    const web = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Web', redirectUris: ['https://web.example.test/cb'] });

    expect(res.status).toBe(201);
    expect(res.body.scopes).toEqual([]);
    const token = await tokenFor(res.body.clientId, res.body.clientSecret);
    expect(token.status).toBe(200);
    expect(token.body.scope ?? '').toBe('');
    expect(web.body.scopes).toEqual(['openid', 'profile', 'email', 'offline_access']);
  });

  it.each([
    [['openid'], 'openid'],
    [['reports:read', 'offline_access', 'openid'], 'offline_access openid'],
  ])(
    'POST with only client_credentials and scopes %j -> 400 client.scope_invalid naming scopes, nothing created',
    async (scopes, named) => {
      const before = await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id });

      const res = await request(app)
        .post(base())
        .set(admin())
        .send({ name: 'Machine', grantTypes: ['client_credentials'], scopes });

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'client.scope_invalid',
        message: `A client whose only grant type is client_credentials acts for no user, so it cannot have: ${named}.`,
        errors: [{ field: 'scopes' }],
      });
      const after = await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id });
      expect(after).toBe(before);
    },
  );

  it('PATCH a web client to only client_credentials, keeping openid -> 400 naming scopes; with new scopes -> 200', async () => {
    const { client } = await givenClient(container, tenant);

    const kept = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ grantTypes: ['client_credentials'] });
    const replaced = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ grantTypes: ['client_credentials'], scopes: ['reports:read'] });

    expect(kept.status).toBe(400);
    expect(kept.body).toMatchObject({
      code: 'client.scope_invalid',
      errors: [{ field: 'scopes' }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      grantTypes: ['client_credentials'],
      scopes: ['reports:read'],
    });
  });

  it('PATCH the name of a machine client registered with openid before the rule -> 200', async () => {
    const { client } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['openid', 'reports:read'],
    });

    const res = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ name: 'Renamed' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', scopes: ['openid', 'reports:read'] });
  });

  it('POST a public client -> 201 without a secret; with client_credentials -> 400', async () => {
    const ok = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Mobile', type: 'public', redirectUris: ['com.example.app:/cb'] });
    const bad = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Bad', type: 'public', grantTypes: ['client_credentials'] });

    expect(ok.status).toBe(201);
    expect(ok.body.clientSecret).toBeUndefined();
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'client.grant_type_invalid',
      errors: [{ field: 'grantTypes' }],
    });
  });

  it.each([
    ['https://app.example.test/cb', 'confidential'],
    ['https://app.example.test/cb?x=1', 'confidential'],
    ['http://127.0.0.1/cb', 'confidential'],
    ['http://127.0.0.1:51000/cb', 'public'],
    ['http://[::1]:8080/cb', 'public'],
    ['http://localhost:3000/cb', 'public'],
    ['com.example.app:/cb', 'public'],
  ])('redirect URI %s for a %s client -> accepted', async (uri, type) => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Redirects', type, redirectUris: [uri] });

    expect(res.status).toBe(201);
    expect(res.body.redirectUris).toEqual([uri]);
  });

  it.each([
    ['http://localhost.evil.test/cb', 'public'],
    ['http://127.0.0.1.evil.test/cb', 'public'],
    ['http://app.example.test/cb', 'confidential'],
    ['http://127.1/cb', 'public'],
    ['https://app.example.test/cb#frag', 'confidential'],
    ['https://user:pw@app.example.test/cb', 'confidential'],
    ['/relative/cb', 'confidential'],
    ['javascript:alert(1)', 'public'],
    ['data:text/html,hi', 'public'],
    ['com.example.app:/cb', 'confidential'],
    [' https://app.example.test/cb', 'confidential'],
  ])('redirect URI %s for a %s client -> 400 client.redirect_uri_invalid', async (uri, type) => {
    const before = await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id });

    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Redirects', type, redirectUris: ['https://ok.example.test/cb', uri] });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('client.redirect_uri_invalid');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['redirectUris.1']);
    expect(await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id })).toBe(before);
  });

  it('POST with bad field shapes -> 400 request.invalid naming each field', async () => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ grantTypes: ['implicit'], accessTokenTtl: 5, scopes: ['has space'] });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'accessTokenTtl',
      'grantTypes.0',
      'name',
      'scopes.0',
    ]);
  });

  it('GET list pages through the clients of this tenant only', async () => {
    const other = await givenTenant(container);
    await givenClient(container, other);
    for (let i = 0; i < 3; i++) await givenClient(container, tenant);

    const first = await request(app).get(base()).set(admin()).query({ limit: 2 });
    const second = await request(app)
      .get(base())
      .set(admin())
      .query({ limit: 200, cursor: first.body.nextCursor });

    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const all = [...first.body.items, ...second.body.items];
    expect(all.every((c: { tenant: string }) => c.tenant === tenant.slug)).toBe(true);
    expect(all).toHaveLength(
      await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id }),
    );
    expect(second.body.nextCursor).toBeNull();
  });

  it('PATCH -> 200, lists replaced, fields kept, and the change is seen by the token endpoint', async () => {
    const { client, clientSecret } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['a'],
    });
    expect((await tokenFor(client.clientId, clientSecret!)).body.scope).toBe('a');

    const res = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ scopes: ['b', 'c'], accessTokenTtl: 120 });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scopes: ['b', 'c'], accessTokenTtl: 120, name: client.name });
    const issued = await tokenFor(client.clientId, clientSecret!);
    expect(issued.body).toMatchObject({ scope: 'b c', expires_in: 120 });
  });

  it('PATCH with a bad redirect URI or a type -> 400, nothing changes', async () => {
    const { client } = await givenClient(container, tenant, {
      redirectUris: ['https://kept.example.test/cb'],
    });

    const uri = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ redirectUris: ['http://localhost.evil.test/cb'] });
    const type = await request(app)
      .patch(`${base()}/${client.clientId}`)
      .set(admin())
      .send({ type: 'public' });

    expect(uri.status).toBe(400);
    expect(uri.body.errors[0].field).toBe('redirectUris.0');
    expect(type.status).toBe(400);
    expect(type.body.errors[0].field).toBe('type');
    const stored = await container.db.em().findOneOrFail(OAuthClientSchema, { id: client.id });
    expect(stored.redirectUris).toEqual(['https://kept.example.test/cb']);
  });

  it('POST rotate-secret -> 200 new secret; the old one fails at the token endpoint at once', async () => {
    const { client, clientSecret } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['a'],
    });
    expect((await tokenFor(client.clientId, clientSecret!)).status).toBe(200);

    const res = await request(app).post(`${base()}/${client.clientId}/rotate-secret`).set(admin());

    expect(res.status).toBe(200);
    expect(res.body.clientSecret).toBeTruthy();
    expect(res.body.clientSecret).not.toBe(clientSecret);
    expect((await tokenFor(client.clientId, clientSecret!)).status).toBe(401);
    expect((await tokenFor(client.clientId, res.body.clientSecret)).status).toBe(200);
  });

  it('POST rotate-secret of a public client -> 409 client.not_confidential', async () => {
    const { client } = await givenClient(container, tenant, { type: 'public' });

    const res = await request(app).post(`${base()}/${client.clientId}/rotate-secret`).set(admin());

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('client.not_confidential');
  });

  it('DELETE -> 204; the client can no longer get tokens and GET is 404', async () => {
    const { client, clientSecret } = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['a'],
    });
    expect((await tokenFor(client.clientId, clientSecret!)).status).toBe(200);

    const res = await request(app).delete(`${base()}/${client.clientId}`).set(admin());

    expect(res.status).toBe(204);
    expect((await tokenFor(client.clientId, clientSecret!)).status).toBe(401);
    const read = await request(app).get(`${base()}/${client.clientId}`).set(admin());
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('client.not_found');
  });

  it('create, update, rotate and delete each record an outbox event by an admin, never the secret', async () => {
    const created = await request(app)
      .post(base())
      .set(admin())
      .send({ name: 'Audited', grantTypes: ['client_credentials'] });
    const path = `${base()}/${created.body.clientId}`;
    await request(app).patch(path).set(admin()).send({ name: 'Audited 2' });
    const rotated = await request(app).post(`${path}/rotate-secret`).set(admin());
    await request(app).delete(path).set(admin());

    const rows = (await container.db.em().execute(
      `select type, actor, data from outbox_events
          where tenant_id = ? and destination is null and data->>'clientId' = ? order by id`,
      [tenant.slug, created.body.clientId],
    )) as Array<{ type: string; actor: { type: string }; data: unknown }>;

    expect(rows.map((row) => row.type)).toEqual([
      'client.created',
      'client.updated',
      'client.secret_rotated',
      'client.deleted',
    ]);
    expect(rows.every((row) => row.actor.type === 'admin')).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(created.body.clientSecret);
    expect(text).not.toContain(rotated.body.clientSecret);
  });

  it("another tenant's client under this tenant's path -> 404 for every verb, nothing changes", async () => {
    const other = await givenTenant(container);
    const { client } = await givenClient(container, other);
    const path = `${base()}/${client.clientId}`;

    const answers = await Promise.all([
      request(app).get(path).set(admin()),
      request(app).patch(path).set(admin()).send({ name: 'Hijacked' }),
      request(app).post(`${path}/rotate-secret`).set(admin()),
      request(app).delete(path).set(admin()),
    ]);

    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('client.not_found');
      expect(JSON.stringify(res.body)).not.toContain(client.name);
    }
    const stored = await container.db.em().findOneOrFail(OAuthClientSchema, { id: client.id });
    expect(stored).toMatchObject({ name: client.name, secretHash: client.secretHash });
  });

  it('a token with clients:read only -> 403 on every write', async () => {
    const reader = await givenAdminToken(container, app, ['clients:read']);
    const { client } = await givenClient(container, tenant);

    const create = await request(app)
      .post(base())
      .set('Authorization', `Bearer ${reader}`)
      .send({ name: 'x' });
    const rotate = await request(app)
      .post(`${base()}/${client.clientId}/rotate-secret`)
      .set('Authorization', `Bearer ${reader}`);
    const list = await request(app).get(base()).set('Authorization', `Bearer ${reader}`);

    expect(create.status).toBe(403);
    expect(rotate.status).toBe(403);
    expect(list.status).toBe(200);
  });
});
