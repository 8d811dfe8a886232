import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { ALL_OPERATIONS } from './openapi.js';
import { ADMIN_BASE_PATH } from './operation.js';

/** Every list of the admin API, found from the operations so a new list is covered too. */
const listPaths = ALL_OPERATIONS.filter((op) => op.method === 'get' && op.query?.shape.limit).map(
  (op) => op.path,
);

describe('admin API list paging', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let slug: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    token = await givenAdminToken(container, app);
    slug = (await givenTenant(container)).slug;
  });
  afterAll(async () => {
    await container?.close();
  });

  it('covers the tenants, clients, users and dead-letters lists', () => {
    expect(listPaths).toEqual([
      '/tenants',
      '/tenants/{slug}/clients',
      '/tenants/{slug}/users',
      '/dead-letters',
    ]);
  });

  const cases = listPaths.flatMap((path) =>
    ['abc', '0', '500', '2.5', ''].map((limit) => [path, limit] as const),
  );

  it.each(cases)(
    'GET %s?limit=%s -> 400 request.invalid: limit must be an integer from 1 to 200',
    async (path, limit) => {
      const url = `${ADMIN_BASE_PATH}${path.replace('{slug}', slug)}`;

      const res = await request(app)
        .get(url)
        .query({ limit })
        .set('Authorization', `Bearer ${token}`);

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'request.invalid',
        errors: [{ field: 'limit', message: 'Must be an integer from 1 to 200.' }],
      });
      expect(res.body.errors).toHaveLength(1);
    },
  );

  it.each(listPaths)('GET %s?limit=1 and ?limit=200 -> 200', async (path) => {
    const url = `${ADMIN_BASE_PATH}${path.replace('{slug}', slug)}`;
    const get = (limit: number) =>
      request(app).get(url).query({ limit }).set('Authorization', `Bearer ${token}`);

    const [smallest, largest] = [await get(1), await get(200)];

    expect([smallest.status, largest.status]).toEqual([200, 200]);
  });
});
