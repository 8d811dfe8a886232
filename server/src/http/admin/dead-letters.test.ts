import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { createApp } from '../../app.js';
import { createEnvelope } from '../../events/envelope.js';

describe('admin API /admin/v1/dead-letters', () => {
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

  /** A letter parked by a consumer that does not exist, so a replay reaches nobody. */
  async function givenDeadLetter(): Promise<string> {
    const id = randomUUID();
    const envelope = createEnvelope({ type: 'test.parked', tenant: null, data: { n: 1 } });
    await container.db.em().execute(
      `insert into dead_letters (id, consumer, event_id, event_type, tenant_id, envelope, error,
          attempts, parked_at) values (?, ?, ?, ?, null, ?, ?, 3, now())`,
      [id, `gone-${id.slice(0, 8)}`, envelope.id, envelope.type, JSON.stringify(envelope), 'boom'],
    );
    return id;
  }

  it('GET -> 200 listing each open letter with its consumer, error and envelope', async () => {
    const id = await givenDeadLetter();

    const res = await request(app).get('/admin/v1/dead-letters').set(admin()).query({ limit: 200 });

    expect(res.status).toBe(200);
    const letter = res.body.items.find((item: { id: string }) => item.id === id);
    expect(letter).toMatchObject({
      eventType: 'test.parked',
      error: 'boom',
      attempts: 3,
      replayedAt: null,
      envelope: { type: 'test.parked', data: { n: 1 } },
    });
  });

  it('POST /:id/replay -> 200 replayed; again -> 409; an unknown id -> 404', async () => {
    const id = await givenDeadLetter();

    const first = await request(app).post(`/admin/v1/dead-letters/${id}/replay`).set(admin());
    const again = await request(app).post(`/admin/v1/dead-letters/${id}/replay`).set(admin());
    const unknown = await request(app)
      .post(`/admin/v1/dead-letters/${randomUUID()}/replay`)
      .set(admin());

    expect(first.status).toBe(200);
    expect(first.body.replayedAt).not.toBeNull();
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('dead_letter.already_replayed');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('dead_letter.not_found');
    const listed = await request(app)
      .get('/admin/v1/dead-letters')
      .set(admin())
      .query({ limit: 200 });
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(id);
    const all = await request(app)
      .get('/admin/v1/dead-letters')
      .set(admin())
      .query({ limit: 200, includeReplayed: 'true' });
    expect(all.body.items.map((item: { id: string }) => item.id)).toContain(id);
  });

  it('events:read cannot replay -> 403; a token without events:read cannot list -> 403', async () => {
    const reader = await givenAdminToken(container, app, ['events:read']);
    const other = await givenAdminToken(container, app, ['tenants:read']);
    const id = await givenDeadLetter();

    const replay = await request(app)
      .post(`/admin/v1/dead-letters/${id}/replay`)
      .set('Authorization', `Bearer ${reader}`);
    const list = await request(app)
      .get('/admin/v1/dead-letters')
      .set('Authorization', `Bearer ${other}`);

    expect(replay.status).toBe(403);
    expect(list.status).toBe(403);
  });

  it('GET without a token -> 401', async () => {
    const res = await request(app).get('/admin/v1/dead-letters');

    expect(res.status).toBe(401);
  });
});
