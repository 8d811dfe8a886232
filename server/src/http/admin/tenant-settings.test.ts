import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenSystemTenant, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';

const API = 'https://api.example.test/';
const REPORTS = 'https://reports.example.test/v1';

describe('admin API tenant settings: audiences (RFC 8707) and the system tenant', () => {
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
  const stored = async (wanted: string) =>
    (await container.db.em().findOne(TenantSchema, { slug: wanted }))?.settings;
  const fieldsOf = (res: request.Response) =>
    res.body.errors.map((e: { field: string }) => e.field);

  it('PATCH resourceIndicators and defaultAudience -> 200; GET shows them; stored', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({
        settings: { resourceIndicators: [API, REPORTS, 'http://localhost:4000/api'] },
      });
    const chosen = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { defaultAudience: REPORTS } });

    expect(res.status).toBe(200);
    expect(chosen.status).toBe(200);
    const read = await request(app).get(`/admin/v1/tenants/${tenant.slug}`).set(admin());
    expect(read.body.settings).toMatchObject({
      resourceIndicators: [API, REPORTS, 'http://localhost:4000/api'],
      defaultAudience: REPORTS,
      signupEnabled: true,
    });
    expect(await stored(tenant.slug)).toMatchObject({ defaultAudience: REPORTS });
  });

  it('POST /tenants with defaultAudience = the issuer -> 201, kept as null (the issuer wherever the server runs)', async () => {
    const wanted = slug();
    const issuer = `${container.config.publicUrl}/t/${wanted}`;

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: wanted, settings: { resourceIndicators: [API], defaultAudience: issuer } });

    expect(res.status).toBe(201);
    expect(res.body.settings).toMatchObject({ resourceIndicators: [API], defaultAudience: null });
  });

  it('GET a tenant stored before these settings -> the defaults: no indicators, audience null', async () => {
    const tenant = await givenTenant(container);
    await container.db.em().nativeUpdate(
      TenantSchema,
      { id: tenant.id },
      {
        settings: {
          signupEnabled: true,
          requireEmailVerification: true,
          sessionIdleMinutes: 60,
          sessionAbsoluteHours: 24,
          revokeRefreshTokensOnLogout: true,
        },
      },
    );

    const res = await request(app).get(`/admin/v1/tenants/${tenant.slug}`).set(admin());

    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ resourceIndicators: [], defaultAudience: null });
  });

  it.each([
    ['not absolute', '/api'],
    ['plain http to a public host', 'http://api.example.test/'],
    ['a fragment', 'https://api.example.test/#top'],
    ['user info', 'https://user@api.example.test/'],
    ['port 0', 'https://api.example.test:0/'],
    ['a tab', 'https://api.example.test/a\tb'],
    ['a Unicode host', 'https://exämple.test/'],
    ['http to a look-alike of localhost', 'http://localhost.evil.test/'],
  ])(
    'PATCH a resource indicator with %s -> 400 naming its index, nothing stored',
    async (_label, bad) => {
      const tenant = await givenTenant(container);

      const res = await request(app)
        .patch(`/admin/v1/tenants/${tenant.slug}`)
        .set(admin())
        .send({ settings: { resourceIndicators: [API, bad] } });

      expect(res.status).toBe(400);
      expect(res.body.code).toBe('request.invalid');
      expect(fieldsOf(res)).toEqual(['settings.resourceIndicators.1']);
      expect((await stored(tenant.slug))?.resourceIndicators).toEqual([]);
    },
  );

  it('PATCH a repeated resource indicator -> 400 naming the repeat; 21 of them -> 400', async () => {
    const tenant = await givenTenant(container);
    const many = Array.from({ length: 21 }, (_, i) => `https://api${i}.example.test/`);

    const repeated = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { resourceIndicators: [API, REPORTS, API] } });
    const tooMany = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { resourceIndicators: many } });

    expect(repeated.status).toBe(400);
    expect(repeated.body.errors).toEqual([
      { field: 'settings.resourceIndicators.2', message: 'Repeats entry 0.' },
    ]);
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany)).toEqual(['settings.resourceIndicators']);
    expect((await stored(tenant.slug))?.resourceIndicators).toEqual([]);
  });

  it('PATCH defaultAudience neither the issuer nor listed -> 400 tenant.audience_invalid, unchanged', async () => {
    const tenant = await givenTenant(container, { settings: { resourceIndicators: [API] } });

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { defaultAudience: REPORTS } });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'tenant.audience_invalid',
      errors: [{ field: 'settings.defaultAudience' }],
    });
    expect(res.body.message).toContain(`${container.config.publicUrl}/t/${tenant.slug}`);
    expect((await stored(tenant.slug))?.defaultAudience).toBeNull();
  });

  it('PATCH resourceIndicators dropping the defaultAudience -> 400; with defaultAudience null -> 200', async () => {
    const tenant = await givenTenant(container, {
      settings: { resourceIndicators: [API, REPORTS], defaultAudience: REPORTS },
    });

    const dropped = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { resourceIndicators: [API] } });
    const cleared = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ settings: { resourceIndicators: [API], defaultAudience: null } });

    expect(dropped.status).toBe(400);
    expect(fieldsOf(dropped)).toEqual(['settings.defaultAudience']);
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings).toMatchObject({
      resourceIndicators: [API],
      defaultAudience: null,
    });
  });

  it('POST /tenants with a defaultAudience not listed -> 400, no tenant', async () => {
    const wanted = slug();

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: wanted, settings: { defaultAudience: API } });

    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['settings.defaultAudience']);
    expect(await stored(wanted)).toBeUndefined();
  });

  it('PATCH /tenants/system signupEnabled true -> 409 tenant.system_protected naming it, still off', async () => {
    await givenSystemTenant(container);

    const res = await request(app)
      .patch('/admin/v1/tenants/system')
      .set(admin())
      .send({ settings: { signupEnabled: true } });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'tenant.system_protected',
      errors: [{ field: 'settings.signupEnabled' }],
    });
    expect(res.body.message).toContain('no end users');
    expect((await stored('system'))?.signupEnabled).toBe(false);
  });

  it('PATCH /tenants/system with another defaultAudience -> 409: admin tokens need its issuer', async () => {
    await givenSystemTenant(container);

    const res = await request(app)
      .patch('/admin/v1/tenants/system')
      .set(admin())
      .send({ settings: { resourceIndicators: [API], defaultAudience: API } });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'tenant.system_protected',
      errors: [{ field: 'settings.defaultAudience' }],
    });
    expect((await stored('system'))?.defaultAudience ?? null).toBeNull();
    const stillWorks = await request(app).get('/admin/v1/tenants/system').set(admin());
    expect(stillWorks.status).toBe(200);
  });

  it('PATCH /tenants/system signupEnabled false or another setting -> 200', async () => {
    await givenSystemTenant(container);

    const res = await request(app)
      .patch('/admin/v1/tenants/system')
      .set(admin())
      .send({ settings: { signupEnabled: false, sessionIdleMinutes: 60 } });

    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ signupEnabled: false, sessionIdleMinutes: 60 });
  });
});
