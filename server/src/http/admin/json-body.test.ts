import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';

describe('admin API writes read application/json bodies only', () => {
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
  const nameOf = async (clientId: string) =>
    (await container.db.em().findOneOrFail(OAuthClientSchema, { clientId })).name;

  it.each([
    ['text/plain', '{"name":"Renamed"}'],
    ['application/x-www-form-urlencoded', 'name=Renamed'],
    ['application/merge-patch+json', '{"name":"Renamed"}'],
  ])(
    'PATCH with a %s body -> 415 request.unsupported_media_type, nothing changes',
    async (type, body) => {
      const { client } = await givenClient(container, tenant, { name: 'Original' });

      const res = await request(app)
        .patch(`${base()}/${client.clientId}`)
        .set(admin())
        .set('Content-Type', type)
        .send(body);

      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'request.unsupported_media_type',
        message: 'The request body must be application/json.',
      });
      expect(res.headers['accept-patch']).toBe('application/json');
      expect(await nameOf(client.clientId)).toBe('Original');
    },
  );

  it('POST with a form body -> 415, no client created', async () => {
    const before = await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id });

    const res = await request(app).post(base()).set(admin()).type('form').send({ name: 'Form' });

    expect(res.status).toBe(415);
    expect(res.body.code).toBe('request.unsupported_media_type');
    expect(await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id })).toBe(before);
  });

  it('application/json with a charset -> accepted; a write without a body -> not refused', async () => {
    const created = await request(app)
      .post(base())
      .set(admin())
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ name: 'Charset', grantTypes: ['client_credentials'] }));
    const rotated = await request(app)
      .post(`${base()}/${created.body.clientId}/rotate-secret`)
      .set(admin());

    expect(created.status).toBe(201);
    expect(rotated.status).toBe(200);
  });

  it('without a token -> 401 first: the media type says nothing to a stranger', async () => {
    const res = await request(app).post(base()).type('text').send('hello');

    expect(res.status).toBe(401);
  });
});
