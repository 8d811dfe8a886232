import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { createApp } from '../app.js';

async function withContainer(test: (container: TestContainer) => Promise<void>) {
  const container = await createTestContainer();
  try {
    await test(container);
  } finally {
    await container.close();
  }
}

// Tests always reach their database by URL (global-setup serves the embedded one on a port).
const expectedKinds = {
  database: 'postgresql',
  cache: process.env.REDIS_URL ? 'redis' : 'memory',
  bus: process.env.AMQP_URL ? 'rabbitmq' : 'in-process',
};

describe('health endpoints', () => {
  it('GET /healthz -> 200 ok', () =>
    withContainer(async (container) => {
      const response = await request(createApp(container)).get('/healthz');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    }));

  it('GET /readyz with every dependency up -> 200 naming database, cache and bus', () =>
    withContainer(async (container) => {
      const response = await request(createApp(container)).get('/readyz');

      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.checks).toEqual({
        database: { kind: expectedKinds.database, status: 'ok' },
        cache: { kind: expectedKinds.cache, status: 'ok' },
        bus: { kind: expectedKinds.bus, status: 'ok' },
      });
    }));

  it('GET /readyz with the cache gone -> 503 naming the cache as down, the rest ok', () =>
    withContainer(async (container) => {
      const app = createApp(container);
      await container.cache.close();

      const response = await request(app).get('/readyz');

      expect(response.status).toBe(503);
      expect(response.body.status).toBe('unavailable');
      expect(response.body.checks.cache).toMatchObject({ status: 'down' });
      expect(response.body.checks.cache.reason).toEqual(expect.any(String));
      expect(response.body.checks.database.status).toBe('ok');
      expect(response.body.checks.bus.status).toBe('ok');
    }));

  it('GET /readyz with the database gone -> 503 naming the database as down', () =>
    withContainer(async (container) => {
      const app = createApp(container);
      await container.db.close();

      const response = await request(app).get('/readyz');

      expect(response.status).toBe(503);
      expect(response.body.checks.database).toMatchObject({ status: 'down' });
      expect(response.body.checks.cache.status).toBe('ok');
    }));
});
