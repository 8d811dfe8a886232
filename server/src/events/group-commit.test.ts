import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { outboxEvents } from '../../../test/support/outbox.js';
import { InProcessBus } from '../adapters/bus/in-process-bus.js';
import type { EventEnvelope } from './envelope.js';
import { OutboxGroupCommit } from './group-commit.js';
import { OutboxRelay } from './relay.js';

describe('OutboxGroupCommit', () => {
  let container: TestContainer;

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    await container?.close();
  });

  it('200 concurrent records -> every promise settles after its event is in the outbox', async () => {
    const group = new OutboxGroupCommit(container.db);
    const tenant = `gc-${Date.now()}`;

    const seen = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await group.record({ type: 'token.issued', tenant, data: { n: i } });
        const events = await outboxEvents(container, 'token.issued', tenant);
        return events.filter((event) => event.data.n === i).length;
      }),
    );

    expect(seen).toEqual(Array.from({ length: 200 }, () => 1));
  });

  it('events whose data holds quotes, backslashes, braces and commas -> stored exactly as given', async () => {
    const group = new OutboxGroupCommit(container.db);
    const tenant = `gc-text-${Date.now()}`;
    const tricky = {
      text: 'a "quoted", {braced} \\ back\\slash, comma; ünïcode ✓ \u2028',
      list: ['x,y', '"'],
    };
    const actor = { type: 'client' as const, id: 'c"1\\' };

    await Promise.all([
      group.record({ type: 'token.issued', tenant, actor, data: tricky }),
      group.record({ type: 'token.issued', tenant, actor, data: { second: true } }),
    ]);

    const events = await outboxEvents(container, 'token.issued', tenant);
    expect(events.map((event) => [event.actor, event.data])).toEqual([
      [actor, tricky],
      [actor, { second: true }],
    ]);
  });

  it('one event the database cannot store -> only its caller fails; the others of its batch are kept', async () => {
    const group = new OutboxGroupCommit(container.db);
    const tenant = `gc-fail-${Date.now()}`;

    // PostgreSQL's jsonb refuses the NUL character.
    const outcomes = await Promise.allSettled([
      group.record({ type: 'token.issued', tenant, data: { n: 1 } }),
      group.record({ type: 'token.issued', tenant, data: { n: 2, bad: 'a\u0000b' } }),
      group.record({ type: 'token.issued', tenant, data: { n: 3 } }),
    ]);

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    // Written one by one and at once after the batch failed: stored in either order.
    const events = await outboxEvents(container, 'token.issued', tenant);
    expect(events.map((event) => event.data.n).sort()).toEqual([1, 3]);
  });

  it('a bundle -> the relay publishes each of its events with its own id, then marks the row', async () => {
    const group = new OutboxGroupCommit(container.db);
    const tenant = `gc-relay-${Date.now()}`;
    const bus = new InProcessBus(async () => {});
    const received: EventEnvelope[] = [];
    await bus.subscribe({
      name: 'gc-test',
      patterns: ['token.issued'],
      deliver: async (envelope) => {
        if (envelope.tenant === tenant) received.push(envelope);
        return { status: 'handled' as const };
      },
    });
    const relay = new OutboxRelay(container.db, bus, container.logger, 50, `gc-${Date.now()}`);

    await Promise.all(
      [1, 2, 3].map((n) => group.record({ type: 'token.issued', tenant, data: { n } })),
    );
    const stored = await outboxEvents(container, 'token.issued', tenant);
    await relay.drain();
    await relay.stop();

    expect(received.map((event) => event.id).sort()).toEqual(
      stored.map((event) => event.id).sort(),
    );
    expect(received.map((event) => event.data.n).sort()).toEqual([1, 2, 3]);
    const [pending] = await container.db.em().execute<Array<{ n: string }>>(
      `select count(*) as n from outbox_events o, jsonb_array_elements(o.data->'events') e
         where o.type = 'outbox.bundle' and o.published_at is null and e->>'tenant' = ?`,
      [tenant],
    );
    expect(Number(pending!.n)).toBe(0);
  });
});
