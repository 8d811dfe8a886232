import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { sleep, waitFor } from '../../../test/support/wait.js';
import { requestContext } from '../logging/request-context.js';
import type { EventConsumer } from './consumer.js';
import { createEnvelope, type EventEnvelope } from './envelope.js';
import { recordEvent } from './outbox.js';

/*
 * The delivery contract, on whichever bus the environment selects: RabbitMQ when AMQP_URL is
 * set, the in-process bus when not. Every test has its own container and event types, so no
 * consumer of one test sees another's events.
 */
const busName = process.env.AMQP_URL ? 'RabbitMQ' : 'in-process';

/** A consumer that remembers each event it handled, and when. */
function recordingConsumer(patterns: string[], fail?: (envelope: EventEnvelope) => boolean) {
  const handled: Array<{ envelope: EventEnvelope; at: number }> = [];
  const attempts: number[] = [];
  const consumer: EventConsumer = {
    name: `recorder-${randomUUID().slice(0, 8)}`,
    patterns,
    async handle(envelope) {
      attempts.push(Date.now());
      if (fail?.(envelope)) throw new Error('handler is broken');
      handled.push({ envelope, at: Date.now() });
    },
  };
  return { consumer, handled, attempts };
}

async function withContainer(test: (container: TestContainer) => Promise<void>) {
  const container = await createTestContainer();
  try {
    await test(container);
  } finally {
    await container.close();
  }
}

function uniqueType(area: string): string {
  return `test${randomUUID().slice(0, 8)}.${area}`;
}

describe(`event delivery on the ${busName} bus`, () => {
  it('an event committed through the outbox is handled once by its consumer', () =>
    withContainer(async (container) => {
      const type = uniqueType('thing_created');
      const { consumer, handled } = recordingConsumer([type]);
      await container.startConsumers([consumer]);
      container.relay.start();

      const event = await container.db.transaction((em) =>
        recordEvent(em, { type, tenant: 't1', actor: { type: 'admin', id: 'a1' }, data: { n: 1 } }),
      );

      await waitFor(() => (handled.length ? true : undefined), 15000, 'the delivery');
      await sleep(500);
      expect(handled.map((h) => h.envelope)).toEqual([
        {
          id: event.id,
          type,
          tenant: 't1',
          time: event.time,
          actor: { type: 'admin', id: 'a1' },
          data: { n: 1 },
          schemaVersion: 1,
        },
      ]);
    }));

  it("a consumer woken by a request's commit logs without that request's id", async () => {
    // Polling only once a minute: the commit alone wakes the relay, as on a quiet server.
    const container = await createTestContainer({ outboxPollMs: 60_000 });
    try {
      const type = uniqueType('logged');
      const consumer: EventConsumer = {
        name: `logger-${randomUUID().slice(0, 8)}`,
        patterns: [type],
        async handle(envelope) {
          container.logger.info('consumer handled an event', { eventId: envelope.id });
        },
      };
      await container.startConsumers([consumer]);
      container.relay.start();
      const handledLine = (eventId: string) =>
        waitFor(
          () => container.logLines.find((logged) => logged.eventId === eventId),
          15000,
          "the consumer's log line",
        );
      const warmUp = await container.db.transaction((em) =>
        recordEvent(em, { type, tenant: 't1', data: {} }),
      );
      await handledLine(warmUp.id);
      await sleep(200);

      const event = await requestContext.run({ requestId: 'req-that-committed' }, () =>
        container.db.transaction((em) => recordEvent(em, { type, tenant: 't1', data: {} })),
      );

      const line = await handledLine(event.id);
      expect(line.message).toBe('consumer handled an event');
      expect(line.requestId).toBeUndefined();
    } finally {
      await container.close();
    }
  });

  it('a failing handler is retried after each back-off, then parked as a dead letter', () =>
    withContainer(async (container) => {
      const type = uniqueType('always_fails');
      const { consumer, attempts } = recordingConsumer([type], () => true);
      await container.startConsumers([consumer]);
      container.relay.start();

      const event = await container.db.transaction((em) =>
        recordEvent(em, { type, tenant: 't1', data: {} }),
      );

      const [letter] = await waitFor(async () => {
        const rows = await container.db
          .em()
          .execute('select * from dead_letters where event_id = ?', [event.id]);
        return rows.length ? rows : undefined;
      });
      // The test container's back-off is 50 ms then 100 ms: three attempts in all.
      expect(attempts).toHaveLength(3);
      expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(45);
      expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(95);
      expect(letter).toMatchObject({
        consumer: consumer.name,
        event_type: type,
        attempts: 3,
        error: 'handler is broken',
        replayed_at: null,
      });
      await sleep(300);
      expect(attempts).toHaveLength(3);
    }));

  it('the same envelope delivered twice is handled once', () =>
    withContainer(async (container) => {
      const type = uniqueType('published_twice');
      const { consumer, handled } = recordingConsumer([type]);
      await container.startConsumers([consumer]);
      const envelope = createEnvelope({ type, tenant: null, data: { n: 2 } });

      await container.bus.publish(envelope, { destination: null, attempt: 1 });
      await container.bus.publish(envelope, { destination: null, attempt: 1 });

      await waitFor(() => (handled.length ? true : undefined), 15000, 'the delivery');
      await sleep(500);
      expect(handled.map((h) => h.envelope.id)).toEqual([envelope.id]);
    }));

  it('a consumer receives only the event types its patterns match', () =>
    withContainer(async (container) => {
      const area = `test${randomUUID().slice(0, 8)}`;
      const { consumer, handled } = recordingConsumer([`${area}.user.*`]);
      await container.startConsumers([consumer]);
      container.relay.start();

      await container.db.transaction(async (em) => {
        for (const type of [
          'user.created',
          'user.profile.updated',
          'client.created',
          'user.deleted',
        ]) {
          await recordEvent(em, { type: `${area}.${type}`, tenant: null, data: {} });
        }
      });

      await waitFor(() => (handled.length >= 2 ? true : undefined), 15000, 'two deliveries');
      await sleep(500);
      expect(handled.map((h) => h.envelope.type).sort()).toEqual([
        `${area}.user.created`,
        `${area}.user.deleted`,
      ]);
    }));
});
