import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { auditConsumer } from '../workers/audit-consumer.js';
import { recordEvent } from './outbox.js';

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 10000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('outbox to audit trail', () => {
  let container: TestContainer;
  beforeAll(async () => {
    container = await createTestContainer();
    // Earlier test files share this database and may leave undelivered rows behind; they are not
    // this test's events, and relaying them first would only make it wait.
    await container.db
      .em()
      .execute('update outbox_events set published_at = now() where published_at is null');
    await container.startConsumers([auditConsumer]);
    container.relay.start();
  });
  afterAll(async () => {
    await container?.close();
  });

  it('an event committed with a change reaches the audit consumer once', async () => {
    const envelope = await container.db.transaction((em) =>
      recordEvent(em, { type: 'test.thing_happened', tenant: 't-outbox', data: { n: 1 } }),
    );

    const rows = await waitFor(async () => {
      const found = await container.db
        .em()
        .execute('select type, data from audit_events where event_id = ?', [envelope.id]);
      return found.length ? found : undefined;
    });

    expect(rows).toEqual([{ type: 'test.thing_happened', data: { n: 1 } }]);
  });

  it('an event whose transaction rolled back is never published', async () => {
    let id = '';
    await expect(
      container.db.transaction(async (em) => {
        id = (await recordEvent(em, { type: 'test.rolled_back', tenant: null, data: {} })).id;
        throw new Error('domain change failed');
      }),
    ).rejects.toThrow('domain change failed');

    await container.relay.drain();
    const rows = await container.db
      .em()
      .execute('select 1 from outbox_events where event_id = ?', [id]);
    expect(rows).toHaveLength(0);
  });
});
