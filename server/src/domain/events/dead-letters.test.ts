import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { sleep, waitFor } from '../../../../test/support/wait.js';
import type { EventConsumer } from '../../events/consumer.js';
import { recordEvent } from '../../events/outbox.js';
import { DomainError } from '../errors.js';
import { listDeadLetters, replayDeadLetter } from './dead-letters.js';

async function withContainer(test: (container: TestContainer) => Promise<void>) {
  const container = await createTestContainer();
  try {
    await test(container);
  } finally {
    await container.close();
  }
}

/** A consumer that fails while `broken` is true, and counts what it handled. */
function switchableConsumer(type: string) {
  const state = { broken: true, handled: [] as string[] };
  const consumer: EventConsumer = {
    name: `switchable-${randomUUID().slice(0, 8)}`,
    patterns: [type],
    async handle(envelope, em) {
      if (state.broken) throw new Error('mail server refused the message');
      await em.execute('select 1');
      state.handled.push(envelope.id);
    },
  };
  return { consumer, state };
}

async function parkOne(container: TestContainer, type: string, consumerName: string) {
  const event = await container.db.transaction((em) =>
    recordEvent(em, { type, tenant: 'acme', data: { to: 'ada@example.com' } }),
  );
  return waitFor(async () => {
    const page = await listDeadLetters(container.db, { limit: 200 });
    return page.items.find((item) => item.eventId === event.id && item.consumer === consumerName);
  });
}

function uniqueType(): string {
  return `test${randomUUID().slice(0, 8)}.mail_requested`;
}

describe('dead letters', () => {
  it('a parked event, once the handler is fixed and it is replayed -> handled once', () =>
    withContainer(async (container) => {
      const type = uniqueType();
      const { consumer, state } = switchableConsumer(type);
      await container.startConsumers([consumer]);
      container.relay.start();
      const letter = await parkOne(container, type, consumer.name);

      state.broken = false;
      const replayed = await replayDeadLetter(container.db, letter.id);

      await waitFor(() => (state.handled.length ? true : undefined), 15000, 'the replay');
      await sleep(500);
      expect(state.handled).toEqual([letter.eventId]);
      expect(replayed.replayedAt).toEqual(expect.any(String));
      const open = await listDeadLetters(container.db, { limit: 200 });
      expect(open.items.map((item) => item.id)).not.toContain(letter.id);
    }));

  it('a parked event shows its consumer, type, tenant, error, attempts and envelope', () =>
    withContainer(async (container) => {
      const type = uniqueType();
      const { consumer } = switchableConsumer(type);
      await container.startConsumers([consumer]);
      container.relay.start();

      const letter = await parkOne(container, type, consumer.name);

      expect(letter).toMatchObject({
        consumer: consumer.name,
        eventType: type,
        tenant: 'acme',
        error: 'mail server refused the message',
        attempts: 3,
        replayedAt: null,
        envelope: { type, tenant: 'acme', data: { to: 'ada@example.com' }, schemaVersion: 1 },
      });
      expect(Date.parse(letter.parkedAt)).not.toBeNaN();
    }));

  it('replaying the same letter twice -> refused as already replayed', () =>
    withContainer(async (container) => {
      const type = uniqueType();
      const { consumer, state } = switchableConsumer(type);
      await container.startConsumers([consumer]);
      container.relay.start();
      const letter = await parkOne(container, type, consumer.name);
      state.broken = false;
      await replayDeadLetter(container.db, letter.id);

      const again = replayDeadLetter(container.db, letter.id);

      await expect(again).rejects.toBeInstanceOf(DomainError);
      await expect(again).rejects.toMatchObject({ code: 'dead_letter.already_replayed' });
    }));

  it('replaying an unknown id -> not found', async () =>
    withContainer(async (container) => {
      await expect(replayDeadLetter(container.db, randomUUID())).rejects.toMatchObject({
        code: 'dead_letter.not_found',
      });
      await expect(replayDeadLetter(container.db, 'not-a-uuid')).rejects.toMatchObject({
        code: 'dead_letter.not_found',
      });
    }));

  it('listing page by page -> every open letter once, newest first', () =>
    withContainer(async (container) => {
      const type = uniqueType();
      const { consumer } = switchableConsumer(type);
      await container.startConsumers([consumer]);
      container.relay.start();
      for (let i = 0; i < 3; i++) await parkOne(container, type, consumer.name);

      const seen: string[] = [];
      const parkedAt: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listDeadLetters(container.db, { limit: 2, cursor });
        for (const item of page.items) {
          if (item.consumer === consumer.name) seen.push(item.id);
          parkedAt.push(item.parkedAt);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);

      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      expect([...parkedAt].sort().reverse()).toEqual(parkedAt);
    }));

  it('a cursor that was not made by listDeadLetters -> invalid', () =>
    withContainer(async (container) => {
      await expect(listDeadLetters(container.db, { cursor: 'garbage' })).rejects.toMatchObject({
        code: 'dead_letter.cursor_invalid',
      });
    }));
});
