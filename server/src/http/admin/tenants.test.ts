import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { purgeDeletedTenants } from '../../domain/tenants/delete-tenant.js';
import { SigningKeySchema } from '../../persistence/entities/signing-key.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';

describe('admin API /admin/v1/tenants', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let token: string;
  const slug = () => `t-${randomUUID().slice(0, 12)}`;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    token = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${token}` });

  it('POST /tenants -> 201 with issuer, defaults and a signing key of its own', async () => {
    const wanted = slug();

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: wanted, displayName: 'Acme', allowedDomains: ['Acme.test'] });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      slug: wanted,
      displayName: 'Acme',
      region: 'default',
      status: 'active',
      allowedDomains: ['acme.test'],
      branding: { name: null, logoUrl: null, primaryColor: null },
      settings: { signupEnabled: true, requireEmailVerification: true },
      issuer: `${container.config.publicUrl}/t/${wanted}`,
      purgeAfter: null,
    });
    const tenant = await container.db.em().findOneOrFail(TenantSchema, { slug: wanted });
    const keys = await container.db.em().find(SigningKeySchema, { tenantId: tenant.id });
    expect(keys.map((key) => key.status)).toEqual(['active']);
    const issuerAnswers = await request(app).post(`/t/${wanted}/token`).type('form').send({});
    expect(issuerAnswers.status).not.toBe(404);
  });

  it('POST /tenants with a taken slug -> 409 tenant.slug_taken', async () => {
    const existing = await givenTenant(container);

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: existing.slug });

    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'tenant.slug_taken', errors: [{ field: 'slug' }] });
    expect(res.body.requestId).toBeTruthy();
  });

  it.each([
    ['upper case', 'Acme'],
    ['too short', 'a'],
    ['a trailing dash', 'acme-'],
    ['the reserved word system', 'system'],
    ['the reserved word admin', 'admin'],
  ])('POST /tenants with a slug in %s -> 400 request.invalid naming slug', async (_, bad) => {
    const res = await request(app).post('/admin/v1/tenants').set(admin()).send({ slug: bad });

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['slug']);
  });

  it('POST /tenants with bad nested fields and an unknown one -> 400 naming each field', async () => {
    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({
        slug: slug(),
        branding: { logoUrl: 'http://insecure.test/logo.png', primaryColor: 'red' },
        settings: { sessionIdleMinutes: 0 },
        allowedDomains: ['not a domain'],
        colour: 'blue',
      });

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'allowedDomains.0',
      'branding.logoUrl',
      'branding.primaryColor',
      'colour',
      'settings.sessionIdleMinutes',
    ]);
  });

  it('POST /tenants with malformed JSON -> 400 request.malformed', async () => {
    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send('{"slug":');

    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.malformed');
  });

  it('POST /tenants with a body over 64 kB -> 413 request.too_large', async () => {
    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: slug(), displayName: 'x'.repeat(70_000) });

    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.too_large');
  });

  it('GET /tenants pages with limit and cursor until nextCursor is null', async () => {
    for (let i = 0; i < 3; i++) await givenTenant(container);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await request(app)
        .get('/admin/v1/tenants')
        .set(admin())
        .query({ limit: 2, ...(cursor && { cursor }) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((t: { slug: string }) => t.slug));
      cursor = res.body.nextCursor;
    } while (cursor);

    const total = await container.db.em().count(TenantSchema, {});
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('GET /tenants with limit 0 or a forged cursor -> 400 naming the parameter', async () => {
    const badLimit = await request(app).get('/admin/v1/tenants?limit=0').set(admin());
    const badCursor = await request(app).get('/admin/v1/tenants?cursor=bm9wZQ').set(admin());

    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors[0].field).toBe('limit');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0].field).toBe('cursor');
  });

  it('GET /tenants/:slug -> 200; an unknown slug -> 404 tenant.not_found', async () => {
    const tenant = await givenTenant(container);

    const found = await request(app).get(`/admin/v1/tenants/${tenant.slug}`).set(admin());
    const missing = await request(app).get(`/admin/v1/tenants/${slug()}`).set(admin());

    expect(found.status).toBe(200);
    expect(found.body.slug).toBe(tenant.slug);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('tenant.not_found');
  });

  it('PATCH /tenants/:slug merges branding and settings key by key', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({
        displayName: 'Renamed',
        branding: { primaryColor: '#112233' },
        settings: { signupEnabled: false },
      });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: 'Renamed',
      branding: { name: null, primaryColor: '#112233' },
      settings: { signupEnabled: false, requireEmailVerification: true, sessionIdleMinutes: 60 },
    });
    const again = await request(app).get(`/admin/v1/tenants/${tenant.slug}`).set(admin());
    expect(again.body.settings.signupEnabled).toBe(false);
  });

  it('PATCH /tenants/:slug with a branding key null -> that key cleared, the others kept', async () => {
    const tenant = await givenTenant(container, {
      branding: {
        name: 'Acme',
        logoUrl: 'https://cdn.acme.test/logo.png',
        primaryColor: '#112233',
      },
    });

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ branding: { logoUrl: null } });

    expect(res.status).toBe(200);
    expect(res.body.branding).toEqual({ name: 'Acme', logoUrl: null, primaryColor: '#112233' });
    const stored = await container.db.em().findOneOrFail(TenantSchema, { id: tenant.id });
    expect(stored.branding).toEqual(res.body.branding);
  });

  it('PATCH /tenants/:slug with a slug -> 400: the slug is immutable, nothing changes', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ slug: 'other-slug', displayName: 'Changed' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'slug', message: 'Unknown field.' }]);
    const stored = await container.db.em().findOneOrFail(TenantSchema, { id: tenant.id });
    expect(stored.displayName).toBe(tenant.displayName);
  });

  it('DELETE /tenants/system -> 409 tenant.system_protected', async () => {
    const res = await request(app).delete('/admin/v1/tenants/system').set(admin());

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('tenant.system_protected');
  });

  it('DELETE /tenants/:slug -> 200 deleting with purgeAfter; its issuer stops answering; the purge removes it', async () => {
    const tenant = await givenTenant(container);
    const before = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(before.status).toBe(401);

    const res = await request(app).delete(`/admin/v1/tenants/${tenant.slug}`).set(admin());

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('deleting');
    const graceMs = Date.parse(res.body.purgeAfter) - Date.now();
    expect(graceMs).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(graceMs).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
    const after = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(after.status).toBe(404);
    const change = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ displayName: 'Too late' });
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('tenant.deleting');

    const early = await purgeDeletedTenants(container.db, container.directory);
    expect(early).not.toContain(tenant.slug);
    const purged = await purgeDeletedTenants(
      container.db,
      container.directory,
      new Date(Date.now() + 8 * 24 * 3600 * 1000),
    );
    expect(purged).toContain(tenant.slug);
    const gone = await request(app).get(`/admin/v1/tenants/${tenant.slug}`).set(admin());
    expect(gone.status).toBe(404);
    expect(await container.db.em().count(SigningKeySchema, { tenantId: tenant.id })).toBe(0);
  });
});
