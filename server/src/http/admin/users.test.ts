import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { insertUser } from '../../domain/users/users.js';
import { UserSchema } from '../../persistence/entities/user.js';

describe('admin API /admin/v1/tenants/:slug/users', () => {
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
  const base = () => `/admin/v1/tenants/${tenant.slug}/users`;
  const givenUser = (email: string, into = tenant) =>
    container.db.transaction((em) =>
      insertUser(em, container.crypto.passwords, into, { email }, { type: 'system' }),
    );
  const unique = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}@example.test`;

  it('POST -> 201 with a normalised email and a hashed password, never the hash in the answer', async () => {
    const res = await request(app).post(base()).set(admin()).send({
      email: '  Ada@EXAMPLE.test ',
      password: 'correct horse battery',
      emailVerified: true,
      givenName: 'Ada',
      locale: 'en-GB',
    });

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      tenant: tenant.slug,
      email: 'Ada@example.test',
      emailVerified: true,
      givenName: 'Ada',
      familyName: null,
      locale: 'en-GB',
      status: 'active',
      lastLoginAt: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: res.body.id });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(
      await container.crypto.passwords.verify(stored.passwordHash, 'correct horse battery'),
    ).toBe(true);
  });

  it('POST without a password -> 201, a user who cannot sign in with one yet', async () => {
    const res = await request(app)
      .post(base())
      .set(admin())
      .send({ email: unique('nopw') });

    expect(res.status).toBe(201);
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: res.body.id });
    expect(stored.passwordHash).toBeNull();
  });

  it.each([
    ['another case', 'GRACE@EXAMPLE.TEST'],
    ['decomposed Unicode', 'Jose\u0301@example.test'],
  ])('POST a duplicate email in %s -> 409 user.email_taken', async (_, variant) => {
    const original = variant.startsWith('GRACE') ? 'grace@example.test' : 'Jos\u00e9@example.test';
    await request(app).post(base()).set(admin()).send({ email: original });

    const res = await request(app).post(base()).set(admin()).send({ email: variant });

    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'user.email_taken', errors: [{ field: 'email' }] });
  });

  it.each([
    ['eight spaces', '        '],
    ['one letter repeated', 'aaaaaaaaaaaa'],
    ['two letters alternating', 'abababababab'],
  ])('POST with a password of %s -> 400 user.password_too_simple, no user', async (_label, pw) => {
    const email = unique('simple');

    const res = await request(app).post(base()).set(admin()).send({ email, password: pw });
    const listed = await request(app).get(base()).query({ email }).set(admin());

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'user.password_too_simple',
      errors: [{ field: 'password' }],
    });
    expect(listed.body.items).toEqual([]);
  });

  it('POST with a bad email, a short password or an unknown field -> 400 naming the field', async () => {
    const email = await request(app).post(base()).set(admin()).send({ email: 'not-an-email' });
    const password = await request(app)
      .post(base())
      .set(admin())
      .send({ email: unique('short'), password: 'short' });
    const shape = await request(app)
      .post(base())
      .set(admin())
      .send({ email: unique('shape'), status: 'disabled', locale: 'english please' });

    expect(email.status).toBe(400);
    expect(email.body).toMatchObject({ code: 'user.email_invalid', errors: [{ field: 'email' }] });
    expect(password.status).toBe(400);
    expect(password.body).toMatchObject({
      code: 'user.password_too_short',
      errors: [{ field: 'password' }],
    });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'locale',
      'status',
    ]);
  });

  it('GET list with an email prefix, in any case, pages through matching users of this tenant only', async () => {
    const other = await givenTenant(container);
    await givenUser('prefix-x@other.test', other);
    for (const name of ['prefix-a', 'prefix-b', 'prefix-c'])
      await givenUser(`${name}@example.test`);
    await givenUser('unrelated@example.test');

    const first = await request(app).get(base()).set(admin()).query({ email: 'PREFIX-', limit: 2 });
    const second = await request(app)
      .get(base())
      .set(admin())
      .query({ email: 'PREFIX-', limit: 2, cursor: first.body.nextCursor });

    expect(first.status).toBe(200);
    const emails = [...first.body.items, ...second.body.items].map(
      (u: { email: string }) => u.email,
    );
    expect(emails).toEqual([
      'prefix-a@example.test',
      'prefix-b@example.test',
      'prefix-c@example.test',
    ]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('GET list with an email search of % or _ matches them literally', async () => {
    const res = await request(app).get(base()).set(admin()).query({ email: '%' });

    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('GET /users/:id -> 200; an unknown or malformed id -> 404 user.not_found', async () => {
    const user = await givenUser(unique('get'));

    const found = await request(app).get(`${base()}/${user.id}`).set(admin());
    const unknown = await request(app)
      .get(`${base()}/00000000-0000-4000-8000-000000000000`)
      .set(admin());
    const malformed = await request(app).get(`${base()}/not-a-uuid`).set(admin());

    expect(found.status).toBe(200);
    expect(found.body.id).toBe(user.id);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('user.not_found');
    expect(malformed.status).toBe(404);
  });

  it('PATCH -> 200 with changed names; a new password replaces the old one', async () => {
    const created = await request(app)
      .post(base())
      .set(admin())
      .send({ email: unique('patch'), password: 'first password' });

    const res = await request(app)
      .patch(`${base()}/${created.body.id}`)
      .set(admin())
      .send({ familyName: 'Lovelace', locale: null, password: 'second password' });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ familyName: 'Lovelace', locale: null });
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: created.body.id });
    expect(await container.crypto.passwords.verify(stored.passwordHash, 'second password')).toBe(
      true,
    );
    expect(await container.crypto.passwords.verify(stored.passwordHash, 'first password')).toBe(
      false,
    );
    expect(stored.passwordChangedAt).not.toBeNull();
  });

  it("PATCH to another user's email in another case -> 409 user.email_taken, nothing changes", async () => {
    const taken = await givenUser(unique('taken'));
    const user = await givenUser(unique('mover'));

    const res = await request(app)
      .patch(`${base()}/${user.id}`)
      .set(admin())
      .send({ email: taken.email.toUpperCase(), givenName: 'Moved' });

    expect(res.status).toBe(409);
    expect(res.body.code).toBe('user.email_taken');
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: user.id });
    expect(stored).toMatchObject({ email: user.email, givenName: null });
  });

  it('POST disable then enable -> 200 with the status each time', async () => {
    const user = await givenUser(unique('toggle'));

    const disabled = await request(app).post(`${base()}/${user.id}/disable`).set(admin());
    const enabled = await request(app).post(`${base()}/${user.id}/enable`).set(admin());

    expect(disabled.status).toBe(200);
    expect(disabled.body.status).toBe('disabled');
    expect(enabled.status).toBe(200);
    expect(enabled.body.status).toBe('active');
  });

  it('DELETE -> 204, then GET -> 404', async () => {
    const user = await givenUser(unique('gone'));

    const res = await request(app).delete(`${base()}/${user.id}`).set(admin());

    expect(res.status).toBe(204);
    expect((await request(app).get(`${base()}/${user.id}`).set(admin())).status).toBe(404);
  });

  it('create, update, disable, enable and delete each record an outbox event, never the password', async () => {
    const created = await request(app)
      .post(base())
      .set(admin())
      .send({ email: unique('audited'), password: 'a secret password' });
    const path = `${base()}/${created.body.id}`;
    await request(app).patch(path).set(admin()).send({ givenName: 'Audited' });
    await request(app).post(`${path}/disable`).set(admin());
    await request(app).post(`${path}/enable`).set(admin());
    await request(app).delete(path).set(admin());

    const rows = (await container.db.em().execute(
      `select type, data from outbox_events
          where tenant_id = ? and destination is null and data->>'userId' = ? order by id`,
      [tenant.slug, created.body.id],
    )) as Array<{ type: string; data: unknown }>;

    expect(rows.map((row) => row.type)).toEqual([
      'user.created',
      'user.updated',
      'user.disabled',
      'user.enabled',
      'user.deleted',
    ]);
    expect(JSON.stringify(rows)).not.toContain('a secret password');
  });

  it("another tenant's user under this tenant's path -> 404 for every verb, nothing changes", async () => {
    const other = await givenTenant(container);
    const user = await givenUser(unique('foreign'), other);
    const path = `${base()}/${user.id}`;

    const answers = [
      await request(app).get(path).set(admin()),
      await request(app).patch(path).set(admin()).send({ givenName: 'Hijacked' }),
      await request(app).post(`${path}/disable`).set(admin()),
      await request(app).post(`${path}/enable`).set(admin()),
      await request(app).delete(path).set(admin()),
    ];

    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('user.not_found');
      expect(JSON.stringify(res.body)).not.toContain(user.email);
    }
    const stored = await container.db.em().findOneOrFail(UserSchema, { id: user.id });
    expect(stored).toMatchObject({ givenName: null, status: 'active' });
  });

  it('a token with users:read only -> 403 on writes; without users:read -> 403 on reads', async () => {
    const reader = await givenAdminToken(container, app, ['users:read']);
    const tenantsOnly = await givenAdminToken(container, app, ['tenants:read']);

    const write = await request(app)
      .post(base())
      .set('Authorization', `Bearer ${reader}`)
      .send({ email: unique('nope') });
    const read = await request(app).get(base()).set('Authorization', `Bearer ${tenantsOnly}`);

    expect(write.status).toBe(403);
    expect(read.status).toBe(403);
    expect(read.body.code).toBe('auth.insufficient_scope');
  });

  it('users of a tenant being deleted can be read but not changed -> 409 tenant.deleting', async () => {
    const doomed = await givenTenant(container);
    const user = await givenUser(unique('doomed'), doomed);
    await request(app).delete(`/admin/v1/tenants/${doomed.slug}`).set(admin());

    const read = await request(app)
      .get(`/admin/v1/tenants/${doomed.slug}/users/${user.id}`)
      .set(admin());
    const write = await request(app)
      .post(`/admin/v1/tenants/${doomed.slug}/users`)
      .set(admin())
      .send({ email: unique('late') });

    expect(read.status).toBe(200);
    expect(write.status).toBe(409);
    expect(write.body.code).toBe('tenant.deleting');
  });
});
