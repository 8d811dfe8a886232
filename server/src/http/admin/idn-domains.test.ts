import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';
import { UserSchema } from '../../persistence/entities/user.js';

describe('admin API: Unicode (IDN) domains are stored and compared in punycode', () => {
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
  const slug = () => `t-${randomUUID().slice(0, 12)}`;

  it('POST /tenants with allowedDomains in Unicode -> 201, stored and answered in punycode, once each', async () => {
    const wanted = slug();

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({
        slug: wanted,
        allowedDomains: ['Exämple.com', 'xn--exmple-cua.com', 'пример.рф', 'acme.test'],
      });

    const ascii = ['xn--exmple-cua.com', 'xn--e1afmkfd.xn--p1ai', 'acme.test'];
    expect(res.status).toBe(201);
    expect(res.body.allowedDomains).toEqual(ascii);
    const stored = await container.db.em().findOneOrFail(TenantSchema, { slug: wanted });
    expect(stored.allowedDomains).toEqual(ascii);
  });

  it('PATCH /tenants/:slug allowedDomains in Unicode -> 200 in punycode', async () => {
    const tenant = await givenTenant(container, { allowedDomains: ['acme.test'] });

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ allowedDomains: ['BÜCHER.example'] });

    expect(res.status).toBe(200);
    expect(res.body.allowedDomains).toEqual(['xn--bcher-kva.example']);
  });

  it.each([
    ['a space', 'exä mple.com'],
    ['broken punycode', 'xn--zz.com'],
    ['an IP address', '192.0.2.1'],
    ['a right-to-left override', 'exa\u202emple.com'],
  ])(
    'POST /tenants with an allowed domain holding %s -> 400 naming it, no tenant',
    async (_, bad) => {
      const wanted = slug();

      const res = await request(app)
        .post('/admin/v1/tenants')
        .set(admin())
        .send({ slug: wanted, allowedDomains: ['acme.test', bad] });

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'request.invalid',
        errors: [
          {
            field: 'allowedDomains.1',
            message: 'Use a domain name, such as example.com or exämple.com.',
          },
        ],
      });
      expect(await container.db.em().findOne(TenantSchema, { slug: wanted })).toBeNull();
    },
  );

  it('POST /users jo@exämple.com then jo@xn--exmple-cua.com -> 201 in punycode, then 409: one user', async () => {
    const tenant = await givenTenant(container);
    const users = `/admin/v1/tenants/${tenant.slug}/users`;

    const unicode = await request(app).post(users).set(admin()).send({ email: 'jo@exämple.com' });
    const punycode = await request(app)
      .post(users)
      .set(admin())
      .send({ email: 'Jo@XN--EXMPLE-CUA.com' });
    const found = await request(app).get(users).query({ email: 'JO@EXÄMPLE.COM' }).set(admin());

    expect(unicode.status).toBe(201);
    expect(unicode.body.email).toBe('jo@xn--exmple-cua.com');
    expect(punycode.status).toBe(409);
    expect(punycode.body.code).toBe('user.email_taken');
    expect(found.body.items.map((user: { id: string }) => user.id)).toEqual([unicode.body.id]);
    const stored = await container.db.em().find(UserSchema, { tenantId: tenant.id });
    expect(stored.map((user) => [user.email, user.emailKey])).toEqual([
      ['jo@xn--exmple-cua.com', 'jo@xn--exmple-cua.com'],
    ]);
  });

  it('PATCH /users/:id to the Unicode form of a taken punycode address -> 409 user.email_taken', async () => {
    const tenant = await givenTenant(container);
    const users = `/admin/v1/tenants/${tenant.slug}/users`;
    await request(app).post(users).set(admin()).send({ email: 'ann@xn--bcher-kva.example' });
    const other = await request(app).post(users).set(admin()).send({ email: 'bo@acme.test' });

    const res = await request(app)
      .patch(`${users}/${other.body.id}`)
      .set(admin())
      .send({ email: 'ann@bücher.example' });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'user.email_taken', errors: [{ field: 'email' }] });
  });
});
