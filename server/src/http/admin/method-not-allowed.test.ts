import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';

describe('admin API: a known path with a method it does not serve', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let token: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    token = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${token}` });

  it('PUT /tenants/:slug -> 405 request.method_not_allowed, Allow listing its methods, nothing changes', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app)
      .put(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ displayName: 'Replaced' });

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 405,
      code: 'request.method_not_allowed',
      message: 'PUT is not allowed here; use DELETE, GET, HEAD, PATCH.',
      errors: [],
    });
    expect(res.body.requestId).toBeTruthy();
    const stored = await container.db.em().findOneOrFail(TenantSchema, { id: tenant.id });
    expect(stored.displayName).toBe(tenant.displayName);
  });

  it.each([
    ['DELETE', '/admin/v1/tenants', 'GET, HEAD, POST'],
    ['PUT', '/admin/v1/tenants/acme/clients', 'GET, HEAD, POST'],
    ['POST', '/admin/v1/tenants/acme/clients/lk_x', 'DELETE, GET, HEAD, PATCH'],
    ['GET', '/admin/v1/tenants/acme/clients/lk_x/rotate-secret', 'POST'],
    ['PATCH', '/admin/v1/tenants/acme/users', 'GET, HEAD, POST'],
    ['PUT', '/admin/v1/tenants/acme/users/u1', 'DELETE, GET, HEAD, PATCH'],
    ['DELETE', '/admin/v1/tenants/acme/users/u1/disable', 'POST'],
    ['GET', '/admin/v1/tenants/acme/users/u1/enable', 'POST'],
    ['POST', '/admin/v1/dead-letters', 'GET, HEAD'],
    ['GET', '/admin/v1/dead-letters/d1/replay/', 'POST'],
  ] as const)('%s %s -> 405 with Allow: %s', async (method, path, allow) => {
    const res = await request(app)
      [method.toLowerCase() as Lowercase<typeof method>](path)
      .set(admin());

    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe(allow);
    expect(res.body.code).toBe('request.method_not_allowed');
  });

  it('an unknown path -> still 404 route.not_found; OPTIONS -> 200 with the same Allow', async () => {
    const unknown = await request(app).put('/admin/v1/tenants/acme/widgets').set(admin());
    const options = await request(app).options('/admin/v1/tenants/acme').set(admin());

    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('route.not_found');
    expect(options.status).toBe(200);
    expect(options.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
  });

  it('without a token -> 401 first: the methods of a path say nothing to a stranger', async () => {
    const res = await request(app).put('/admin/v1/tenants/acme').send({});

    expect(res.status).toBe(401);
    expect(res.headers.allow).toBeUndefined();
  });
});
