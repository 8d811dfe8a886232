import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';

describe('admin API validation reports one entry per field', () => {
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

  it('POST /tenants with an empty displayName -> one entry: Cannot be blank', async () => {
    const res = await request(app)
      .post('/admin/v1/tenants')
      .set(admin())
      .send({ slug: `t-${randomUUID().slice(0, 12)}`, displayName: '' });

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'displayName', message: 'Cannot be blank.' }]);
  });

  it('PATCH settings.sessionIdleMinutes 1e308 -> one entry, the bound of that setting', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app)
      .patch(`/admin/v1/tenants/${tenant.slug}`)
      .set(admin())
      .set('Content-Type', 'application/json')
      .send('{"settings":{"sessionIdleMinutes":1e308}}');

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'settings.sessionIdleMinutes', message: expect.stringContaining('10080') },
    ]);
    expect(res.body.message).toContain('settings.sessionIdleMinutes');
  });
});
