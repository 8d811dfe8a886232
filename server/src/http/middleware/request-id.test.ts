import { describe, expect, it } from '@jest/globals';
import express from 'express';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { createApp } from '../../app.js';
import { assignRequestId } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function withContainer(test: (container: TestContainer) => Promise<void>) {
  const container = await createTestContainer();
  try {
    await test(container);
  } finally {
    await container.close();
  }
}

describe('request ids', () => {
  it('a request without X-Request-Id -> a fresh id is sent back', () =>
    withContainer(async (container) => {
      const response = await request(createApp(container)).get('/healthz');

      expect(response.headers['x-request-id']).toMatch(UUID);
    }));

  it("a caller's X-Request-Id -> echoed and written on the access log line", () =>
    withContainer(async (container) => {
      const response = await request(createApp(container))
        .get('/healthz')
        .set('X-Request-Id', 'caller-trace-0001');

      expect(response.headers['x-request-id']).toBe('caller-trace-0001');
      expect(container.logLines).toContainEqual(
        expect.objectContaining({
          message: 'request',
          requestId: 'caller-trace-0001',
          status: 200,
        }),
      );
    }));

  it.each([
    ['too short', 'short'],
    ['with spaces and markup', 'id <script>alert(1)</script>'],
    ['too long', 'x'.repeat(101)],
  ])('a malformed X-Request-Id (%s) -> replaced by a fresh id', (_why, offered) =>
    withContainer(async (container) => {
      const response = await request(createApp(container))
        .get('/healthz')
        .set('X-Request-Id', offered);

      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(JSON.stringify(container.logLines)).not.toContain(offered);
    }),
  );

  it('a log line written while serving, after an awaited query -> carries the request id', () =>
    withContainer(async (container) => {
      const app = express();
      app.use(assignRequestId);
      app.get('/work', async (_req, res) => {
        await container.db.em().execute('select 1');
        container.logger.info('did some work');
        res.send('done');
      });

      const response = await request(app).get('/work');

      const line = container.logLines.find((entry) => entry.message === 'did some work');
      expect(line?.requestId).toBe(response.headers['x-request-id']);
      expect(response.headers['x-request-id']).toMatch(UUID);
    }));

  it('a problem response -> carries the same request id as the header', () =>
    withContainer(async (container) => {
      const response = await request(createApp(container)).get('/no-such-route');

      expect(response.status).toBe(404);
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    }));
});
