import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { recordEvent } from './outbox.js';
import { OutboxRelay } from './relay.js';

/** Two relays of one namespace stand for two processes of one deployment. */
describe('outbox relays of one namespace', () => {
  let container: TestContainer;
  let first: OutboxRelay;
  let second: OutboxRelay;

  beforeAll(async () => {
    container = await createTestContainer();
    const relay = () =>
      new OutboxRelay(
        container.db,
        container.bus,
        container.logger,
        50,
        container.config.namespace,
      );
    first = relay();
    second = relay();
  });
  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await container?.close();
  });

  const record = () =>
    container.db.transaction((em) =>
      recordEvent(em, { type: 'test.relay_leadership', tenant: null, data: {} }),
    );
  const publishedAt = async (eventId: string) => {
    const [row] = await container.db
      .em()
      .execute<Array<{ published_at: Date | null }>>(
        'select published_at from outbox_events where event_id = ?',
        [eventId],
      );
    return row?.published_at ?? null;
  };

  it('one publishes, the other waits; when the first stops, the second takes over', async () => {
    const early = await record();
    expect(await first.drain()).toBeGreaterThanOrEqual(1);
    expect(await publishedAt(early.id)).not.toBeNull();

    const late = await record();
    expect(await second.drain()).toBe(0);
    expect(await publishedAt(late.id)).toBeNull();

    await first.stop();
    expect(await second.drain()).toBeGreaterThanOrEqual(1);
    expect(await publishedAt(late.id)).not.toBeNull();
  });
});
