import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { RabbitMqBus } from '../../server/src/adapters/bus/rabbitmq-bus.js';
import { loadConfig } from '../../server/src/config/load.js';
import type { Config } from '../../server/src/config/schema.js';
import { type Container, createContainer } from '../../server/src/container.js';
import { createLogger } from '../../server/src/logging/logger.js';
import { TEST_MASTER_KEY } from './master-key.js';

/** A fixed, test-only key-encryption key (32 bytes, base64url); never used outside tests. */

export interface TestContainer extends Container {
  /** Every log line written so far, parsed. */
  logLines: Array<Record<string, unknown>>;
  /**
   * Closes everything and deletes this namespace's RabbitMQ exchange and queues, so that a run
   * leaves nothing on the broker; `otherConsumers` names queues made by other processes.
   */
  close(otherConsumers?: string[]): Promise<void>;
}

/**
 * A container wired exactly as production wires it, from the environment: real PostgreSQL,
 * Redis and RabbitMQ when their URLs are set, the embedded stand-ins when not. Each gets its own
 * namespace so queues and cache keys of one test never meet another's.
 */
export async function createTestContainer(overrides: Partial<Config> = {}): Promise<TestContainer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-test-'));
  const base = loadConfig({
    // One master key for every container of a run: they share one database, and the singleton
    // `system` tenant's signing key must decrypt in each of them.
    LATCHKEY_MASTER_KEY: TEST_MASTER_KEY,
    ...process.env,
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_NAMESPACE: `test-${randomUUID().slice(0, 8)}`,
    LATCHKEY_OUTBOX_POLL_MS: '50',
    LATCHKEY_CONSUMER_RETRY_DELAYS_MS: '50,100',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'debug',
  });
  const logLines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const config = { ...base, ...overrides };
  const logger = createLogger({ level: config.logLevel, format: 'json', stream });
  const container = await createContainer(config, logger, { migrate: false });
  const closeContainer = container.close;
  const close = async (otherConsumers: string[] = []) => {
    await container.relay.stop();
    if (container.bus instanceof RabbitMqBus) {
      await container.bus.deleteTopology(otherConsumers).catch((error: Error) => {
        logger.warn('could not delete the test topology', { reason: error.message });
      });
    }
    await closeContainer();
  };
  return Object.assign(container, { logLines, close });
}
