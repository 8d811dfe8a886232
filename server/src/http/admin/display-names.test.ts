import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { insertUser } from '../../domain/users/users.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';
import { UserSchema } from '../../persistence/entities/user.js';

/** Names that would reach a page title, a mail or a terminal as something other than text. */
const UNSAFE_NAMES = [
  ['ESC', 'Acme\u001b[2J', /U\+001B is a control character/],
  ['a line feed', 'Acme\nLtd', /one line of visible text; U\+000A/],
  ['a C1 control', 'Acme\u009b', /U\+009B is a control character/],
  ['RIGHT-TO-LEFT OVERRIDE', 'Acme\u202egnp.exe', /U\+202E is an invisible bidirectional/],
  ['RIGHT-TO-LEFT ISOLATE', 'Acme\u2067', /U\+2067 is an invisible bidirectional/],
  ['a lone surrogate', 'Acme\ud800', /U\+D800 is half of a surrogate pair/],
  ['U+FFFD', 'Acme\ufffd', /Expected valid UTF-8 text/],
] as const;

describe('admin API names are one line of visible text', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let tenant: Awaited<ReturnType<typeof givenTenant>>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    token = await givenAdminToken(container, app);
    tenant = await givenTenant(container, { displayName: 'Original' });
  });
  afterAll(async () => {
    await container?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${token}` });
  const slug = () => `t-${randomUUID().slice(0, 12)}`;
  const storedTenant = (wanted: string) =>
    container.db.em().findOne(TenantSchema, { slug: wanted });
  const expectRefused = (res: request.Response, field: string, message: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('request.invalid');
    expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(message) }]);
  };

  it.each(UNSAFE_NAMES)(
    'POST /tenants with %s in displayName -> 400 naming displayName, no tenant',
    async (_label, name, message) => {
      const wanted = slug();

      const res = await request(app)
        .post('/admin/v1/tenants')
        .set(admin())
        .send({ slug: wanted, displayName: name });

      expectRefused(res, 'displayName', message);
      expect(await storedTenant(wanted)).toBeNull();
    },
  );

  it('PATCH /tenants/:slug with RIGHT-TO-LEFT OVERRIDE in branding.name -> 400, unchanged', async () => {
    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .send({ displayName: 'Renamed', branding: { name: 'Acme\u202e' } });

    expectRefused(res, 'branding.name', /U\+202E/);
    const stored = await storedTenant(tenant.slug);
    expect(stored).toMatchObject({ displayName: 'Original', branding: { name: null } });
  });

  it('POST /tenants with bytes that are not UTF-8 in displayName -> 400 naming it, no tenant', async () => {
    const wanted = slug();
    const body = Buffer.concat([
      Buffer.from(`{"slug":"${wanted}","displayName":"Acme `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .set('Content-Type', 'application/json')
      .serialize((raw) => raw) // The bytes as they are, not the Buffer as JSON.
      .send(body);

    expectRefused(res, 'displayName', /Expected valid UTF-8 text/);
    expect(await storedTenant(wanted)).toBeNull();
  });

  it('POST /tenants with a lone surrogate escaped in JSON -> 400 naming displayName', async () => {
    const wanted = slug();

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send(`{"slug":"${wanted}","displayName":"Acme \\udc00"}`);

    expectRefused(res, 'displayName', /U\+DC00 is half of a surrogate pair/);
    expect(await storedTenant(wanted)).toBeNull();
  });

  it.each(UNSAFE_NAMES)(
    'POST /clients with %s in name -> 400 naming name, no client',
    async (_label, name, message) => {
      const before = await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id });

      const res = await request(app)
        .post(`/admin/v1/tenants/${tenant.slug}/clients`)
        .set(admin())
        .send({ name, grantTypes: ['client_credentials'] });

      expectRefused(res, 'name', message);
      expect(await container.db.em().count(OAuthClientSchema, { tenantId: tenant.id })).toBe(
        before,
      );
    },
  );

  it('PATCH /clients/:id with ESC in name -> 400 naming name, unchanged', async () => {
    const { client } = await givenClient(container, tenant, { name: 'Deployer' });

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}/clients/${client.clientId}`)
      .set(admin())
      .send({ name: '\u001b]8;;https://evil.test\u0007Deployer' });

    expectRefused(res, 'name', /U\+001B/);
    const stored = await container.db
      .em()
      .findOneOrFail(OAuthClientSchema, { clientId: client.clientId });
    expect(stored.name).toBe('Deployer');
  });

  it.each([
    ['givenName', 'Ada\u202e'],
    ['familyName', 'Love\u0007lace'],
  ])('POST /users with a control in %s -> 400 naming it, no user', async (field, name) => {
    const email = `ada-${randomUUID().slice(0, 8)}@example.test`;

    const res = await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users`)
      .set(admin())
      .send({ email, [field]: name });

    expectRefused(res, field, /U\+202E|U\+0007/);
    const stored = await container.db.em().findOne(UserSchema, { tenantId: tenant.id, email });
    expect(stored).toBeNull();
  });

  it('PATCH /users/:id with a line break in familyName -> 400 naming it, unchanged', async () => {
    const user = await container.db.transaction((em) =>
      insertUser(
        em,
        container.crypto.passwords,
        tenant,
        { email: `grace-${randomUUID().slice(0, 8)}@example.test`, familyName: 'Hopper' },
        { type: 'system' },
      ),
    );

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}/users/${user.id}`)
      .set(admin())
      .send({ givenName: 'Grace', familyName: 'Hopper\r\nBcc: x@evil.test' });

    expectRefused(res, 'familyName', /U\+000D/);
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: user.id });
    expect(stored).toMatchObject({ givenName: null, familyName: 'Hopper' });
  });

  it('names in any script, with emoji, joiners and right-to-left marks -> 201, stored as sent', async () => {
    const wanted = slug();
    const names = {
      displayName: 'شركة أكمي\u200f · Zoë 👩\u200d💻',
      branding: { name: 'אקמה בע״מ' },
    };

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: wanted, ...names });

    expect(res.status).toBe(201);
    expect(await storedTenant(wanted)).toMatchObject(names);
  });
});
