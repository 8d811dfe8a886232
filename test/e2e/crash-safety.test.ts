import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { recordEvent } from '../../server/src/events/outbox.js';
import { FIXTURE_TABLES } from '../fixtures/fixture-container.js';
import { createTestContainer, type TestContainer } from '../support/container.js';
import {
  type Child,
  childEnv,
  ROOT,
  sharedServices,
  spawnScript,
  stopChild,
} from '../support/processes.js';
import { sleep, waitFor } from '../support/wait.js';

// Child processes load slowly on a busy machine; these waits are not speed targets.
const SLOW = 240_000;
/*
 * Real processes, really killed. The fixtures share this run's database (in embedded mode the
 * PGlite socket server that global-setup started) and, in real mode, its broker under one
 * namespace. In embedded mode each process has its own in-process bus, so what carries an event
 * from a dead process to a live one is the outbox alone.
 */
const COMMIT_THEN_DIE = path.join(ROOT, 'test/fixtures/commit-then-die.ts');
const CRASH_WORKER = path.join(ROOT, 'test/fixtures/crash-worker.ts');

let container: TestContainer;
let namespace: string;
let consumerName: string;
let type: string;
const children: Child[] = [];

beforeEach(async () => {
  container = await createTestContainer();
  namespace = container.config.namespace;
  consumerName = `crash-${randomUUID().slice(0, 8)}`;
  type = `crashtest${randomUUID().slice(0, 8)}.thing_created`;
  for (const sql of FIXTURE_TABLES) await container.db.em().execute(sql);
});

afterEach(async () => {
  for (const child of children.splice(0)) await stopChild(child);
  await container.close([consumerName]);
});

async function start(script: string, args: string[], extra: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-crash-'));
  const child = spawnScript(
    script,
    args,
    childEnv({
      ...sharedServices(),
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_NAMESPACE: namespace,
      LATCHKEY_OUTBOX_POLL_MS: '50',
      LATCHKEY_OUTBOX_LEASE_SECONDS: '2',
      LATCHKEY_CONSUMER_RETRY_DELAYS_MS: '50,100',
      LOG_LEVEL: 'warn',
      ...extra,
    }),
  );
  children.push(child);
  return child;
}

/** The first fact a fixture reported on stdout that has `key`. */
function waitForFact(child: Child, key: string, ms = 120000): Promise<string> {
  return waitFor(
    () => {
      for (const line of child.stdout) {
        try {
          const fact = JSON.parse(line) as Record<string, unknown>;
          if (key in fact) return String(fact[key]);
        } catch {
          // not one of ours
        }
      }
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`fixture ended before reporting ${key}: ${child.stderr.join('\n')}`);
      }
      return undefined;
    },
    ms,
    `the fixture to report ${key}`,
  );
}

async function handledRows(eventId: string) {
  return container.db
    .em()
    .execute('select pid from crash_fixture_handled where event_id = ?', [eventId]);
}

async function processedRows(eventId: string) {
  return container.db
    .em()
    .execute('select 1 from processed_events where consumer = ? and event_id = ?', [
      consumerName,
      eventId,
    ]);
}

describe('crash safety', () => {
  it(
    'killed after committing a change but before publishing -> a new process delivers the event exactly once',
    async () => {
      const writer = await start(COMMIT_THEN_DIE, [type]);
      const eventId = await waitForFact(writer, 'committed');
      await writer.exited;
      expect(writer.process.signalCode).toBe('SIGKILL');
      const [outbox] = await container.db
        .em()
        .execute('select published_at from outbox_events where event_id = ?', [eventId]);
      expect(outbox).toEqual({ published_at: null });

      const worker = await start(CRASH_WORKER, [consumerName, type]);
      await waitForFact(worker, 'handled');

      await waitFor(async () => {
        const [row] = await container.db
          .em()
          .execute('select published_at from outbox_events where event_id = ?', [eventId]);
        return row?.published_at ? row : undefined;
      });
      await sleep(1000);
      expect(await handledRows(eventId)).toHaveLength(1);
      expect(await processedRows(eventId)).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'a worker killed mid-handler -> the event is redelivered to the next worker and handled exactly once',
    async () => {
      const event = await container.db.transaction((em) =>
        recordEvent(em, { type, tenant: null, data: { n: 1 } }),
      );

      const doomed = await start(CRASH_WORKER, [consumerName, type], {
        FIXTURE_HANG_IN_HANDLER: '1',
      });
      expect(await waitForFact(doomed, 'handling')).toBe(event.id);
      await stopChild(doomed, 'SIGKILL');
      // Its transaction died with it: the row it wrote mid-handler is gone.
      expect(await handledRows(event.id)).toHaveLength(0);

      const survivor = await start(CRASH_WORKER, [consumerName, type]);
      expect(await waitForFact(survivor, 'handled')).toBe(event.id);

      await sleep(1500);
      const rows = await handledRows(event.id);
      expect(rows).toEqual([{ pid: survivor.process.pid }]);
      expect(await processedRows(event.id)).toHaveLength(1);
    },
    SLOW,
  );
});
