import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';
import { findRepeatedKey } from './repeated-keys.js';

describe('findRepeatedKey', () => {
  const repeatedIn = (text: string) => findRepeatedKey(text, JSON.parse(text));

  it.each([
    ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}'],
    ['{"a":"\\"b\\":1, \\"b\\": 2","b":"x:"}'],
    ['{"a" : { "a" : [ ] } }'],
    ['[{"k":1},{"k":2}]'],
  ])('%s -> none: the same name in different objects is no repeat', (text) => {
    expect(repeatedIn(text)).toBeUndefined();
  });

  it.each([
    ['{"slug":"t3","slug":"t4"}', 'slug'],
    ['{"settings":{"signupEnabled":false,"signupEnabled":true}}', 'signupEnabled'],
    ['{"sl\\u0075g":"t3","slug":"t4"}', 'slug'],
    ['[{"k":1,"k":2}]', 'k'],
    ['{"a":{},"a":{"b":1}}', 'a'],
  ])('%s -> %s', (text, key) => {
    expect(repeatedIn(text)).toBe(key);
  });
});

describe('admin API bodies that repeat a key', () => {
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
  const sendRaw = (method: 'post' | 'patch', path: string, body: string) =>
    request(app)[method](path).set(admin()).set('Content-Type', 'application/json').send(body);

  it('POST /tenants {"slug":a,"slug":b} -> 400 request.invalid naming slug, neither created', async () => {
    const [first, second] = [slug(), slug()];

    const res = await sendRaw(
      'post',
      '/admin/v1/tenants',
      `{"slug":"${first}","slug":"${second}"}`,
    );

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'request.invalid', errors: [{ field: 'slug' }] });
    expect(res.body.message).toContain('"slug" appears twice');
    const em = container.db.em();
    expect(await em.count(TenantSchema, { slug: { $in: [first, second] } })).toBe(0);
  });

  it('PATCH a repeated nested key -> 400 naming it, unchanged', async () => {
    const tenant = await givenTenant(container);

    const res = await sendRaw(
      'patch',
      `/admin/v1/tenants/${tenant.slug}`,
      '{"settings":{"signupEnabled":true,\n  "signupEnabled" : false}}',
    );

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['signupEnabled']);
    const stored = await container.db.em().findOneOrFail(TenantSchema, { id: tenant.id });
    expect(stored.settings.signupEnabled).toBe(true);
  });

  it('a UTF-16 body repeating a key -> 400 as well: the check reads the charset it was sent in', async () => {
    const wanted = slug();
    const body = Buffer.from(`{"slug":"${slug()}","slug":"${wanted}"}`, 'utf16le');

    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .set('Content-Type', 'application/json; charset=utf-16le')
      .serialize((raw) => raw) // Sent as the bytes given, not as JSON of a Buffer.
      .send(body);

    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['slug']);
    expect(await container.db.em().count(TenantSchema, { slug: wanted })).toBe(0);
  });

  it('the same key in two objects -> accepted', async () => {
    const wanted = slug();

    const res = await sendRaw(
      'post',
      '/admin/v1/tenants',
      `{"slug":"${wanted}","branding":{"name":"Acme"},"displayName":"name: \\"x\\""}`,
    );

    expect(res.status).toBe(201);
    expect(res.body.branding.name).toBe('Acme');
  });
});
