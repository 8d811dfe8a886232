import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import type { EventConsumer } from '../../server/src/events/consumer.js';
import { recordEvent } from '../../server/src/events/outbox.js';
import { createTestContainer } from '../support/container.js';
import { sleep, waitFor } from '../support/wait.js';

const run = promisify(execFile);
const EVENTS = 200;

/**
 * Restarts the broker application (not the Erlang node), which drops every connection. Other
 * test runs on this machine share the broker, so the outage is kept as short as RabbitMQ allows.
 */
async function restartBroker(): Promise<void> {
  await run('rabbitmqctl', ['stop_app'], { timeout: 60000 });
  await run('rabbitmqctl', ['start_app'], { timeout: 60000 });
  await run('rabbitmqctl', ['await_startup'], { timeout: 60000 });
}

// Only a real broker can be restarted; CI's real-services pass sets AMQP_URL, so it runs there.
const describeWithBroker = process.env.AMQP_URL ? describe : describe.skip;

describeWithBroker('RabbitMQ restarting while events are published', () => {
  it(`${EVENTS} events recorded across a broker restart -> each handled exactly once`, async () => {
    const container = await createTestContainer();
    try {
      const type = `test${randomUUID().slice(0, 8)}.burst`;
      const handled: string[] = [];
      const consumer: EventConsumer = {
        name: `restart-${randomUUID().slice(0, 8)}`,
        patterns: [type],
        async handle(envelope) {
          handled.push(envelope.id);
        },
      };
      await container.startConsumers([consumer]);
      container.relay.start();

      const recorded: string[] = [];
      const recordOne = async () => {
        const event = await container.db.transaction((em) =>
          recordEvent(em, { type, tenant: null, data: { i: recorded.length } }),
        );
        recorded.push(event.id);
      };
      while (recorded.length < EVENTS / 4) await recordOne();
      let restarted = false;
      const restarting = restartBroker().finally(() => {
        restarted = true;
      });
      // Keep writing at a steady pace while the broker goes down and comes back.
      while (!restarted && recorded.length < EVENTS - 10) {
        await recordOne();
        await sleep(100);
      }
      await restarting;
      const recordedDuringRestart = recorded.length - EVENTS / 4;
      while (recorded.length < EVENTS) await recordOne();

      await waitFor(
        () => (new Set(handled).size >= EVENTS ? true : undefined),
        90000,
        `${EVENTS} deliveries`,
      );
      await sleep(1000);
      expect(recordedDuringRestart).toBeGreaterThan(0);
      expect(handled).toHaveLength(EVENTS);
      expect(new Set(handled)).toEqual(new Set(recorded));
      expect(container.logLines.some((line) => /lost RabbitMQ/.test(String(line.message)))).toBe(
        true,
      );
    } finally {
      await container.close();
    }
  }, 240000);
});
