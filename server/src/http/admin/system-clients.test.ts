import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminClient, givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { assertKeepsFullAdmin } from '../../domain/clients/admin-clients.js';
import { ADMIN_SCOPES } from '../../domain/tenants/admin-scopes.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';

const LIMITED = ['tenants:read', 'clients:read', 'clients:write'];

describe('admin API: clients of the system tenant are admin credentials', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let limited: string;
  let full: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    limited = await givenAdminToken(container, app, LIMITED);
    full = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  const base = '/admin/v1/tenants/system/clients';
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const scopesOf = async (clientId: string) =>
    (await container.db.em().findOneOrFail(OAuthClientSchema, { clientId })).scopes;

  it('POST a system client with scopes the caller lacks -> 403 naming them, nothing created', async () => {
    const res = await request(app)
      .post(base)
      .set(bearer(limited))
      .send({ name: 'Escalator', grantTypes: ['client_credentials'], scopes: [...ADMIN_SCOPES] });

    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.insufficient_scope');
    expect(res.body.message).toContain('tenants:write');
    expect(res.body.message).toContain('users:write');
    expect(res.body.message).not.toContain('clients:write');
    const stored = await container.db.em().find(OAuthClientSchema, { name: 'Escalator' });
    expect(stored).toHaveLength(0);
  });

  it('POST a system client with only scopes the caller holds -> 201', async () => {
    const res = await request(app)
      .post(base)
      .set(bearer(limited))
      .send({ name: 'Reader', grantTypes: ['client_credentials'], scopes: ['clients:read'] });

    expect(res.status).toBe(201);
    expect(res.body.scopes).toEqual(['clients:read']);
  });

  it('PATCH its own system client to add tenants:write -> 403, scopes unchanged', async () => {
    const own = await givenAdminClient(container, LIMITED);
    const res = await request(app)
      .patch(`${base}/${own.clientId}`)
      .set(bearer(limited))
      .send({ scopes: [...LIMITED, 'tenants:write'] });

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'auth.insufficient_scope' });
    expect(res.body.message).toContain('tenants:write');
    expect(await scopesOf(own.clientId)).toEqual(LIMITED);
  });

  it('PATCH a system client within the caller scopes -> 200', async () => {
    const own = await givenAdminClient(container, LIMITED);
    const res = await request(app)
      .patch(`${base}/${own.clientId}`)
      .set(bearer(limited))
      .send({ scopes: ['clients:read'] });

    expect(res.status).toBe(200);
    expect(await scopesOf(own.clientId)).toEqual(['clients:read']);
  });

  it('rotate-secret or DELETE of a stronger system client -> 403, its secret still works', async () => {
    const stronger = await givenAdminClient(container);
    const rotate = await request(app)
      .post(`${base}/${stronger.clientId}/rotate-secret`)
      .set(bearer(limited));
    const remove = await request(app).delete(`${base}/${stronger.clientId}`).set(bearer(limited));

    expect(rotate.status).toBe(403);
    expect(rotate.body.clientSecret).toBeUndefined();
    expect(remove.status).toBe(403);
    const token = await request(app).post('/t/system/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: stronger.clientId,
      client_secret: stronger.clientSecret,
    });
    expect(token.status).toBe(200);
  });

  it('a full admin may create a full admin and delete another full admin -> 201, 204', async () => {
    const created = await request(app)
      .post(base)
      .set(bearer(full))
      .send({ name: 'Second', grantTypes: ['client_credentials'], scopes: [...ADMIN_SCOPES] });
    const removed = await request(app).delete(`${base}/${created.body.clientId}`).set(bearer(full));

    expect(created.status).toBe(201);
    expect(removed.status).toBe(204);
  });

  it('an ordinary tenant is not affected: a limited admin grants any scope there -> 201', async () => {
    const tenant = await givenTenant(container);
    const res = await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/clients`)
      .set(bearer(limited))
      .send({ name: 'App', grantTypes: ['client_credentials'], scopes: ['tenants:write'] });

    expect(res.status).toBe(201);
  });

  // The system tenant is shared by every test of a run, so the count rule is checked on a
  // tenant of its own: the rule only looks at the clients of the tenant it is given.
  it('removing the last client holding every admin scope -> 409 client.last_admin', async () => {
    const tenant = await givenTenant(container);
    const full = { grantTypes: ['client_credentials'], scopes: [...ADMIN_SCOPES] };
    const { client: first } = await givenClient(container, tenant, full);
    const em = container.db.em();

    await expect(assertKeepsFullAdmin(em, tenant.id, first, null)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'client.last_admin',
    });
    await expect(
      assertKeepsFullAdmin(em, tenant.id, first, { ...first, scopes: ['tenants:read'] }),
    ).rejects.toMatchObject({ code: 'client.last_admin' });
    await givenClient(container, tenant, full);
    await expect(assertKeepsFullAdmin(em, tenant.id, first, null)).resolves.toBeUndefined();
  });
});
