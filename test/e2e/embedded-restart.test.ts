import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../support/ports.js';
import {
  type Child,
  childEnv,
  MAIN,
  ROOT,
  runScript,
  spawnScript,
  stopChild,
  waitForLog,
} from '../support/processes.js';

// Child processes load slowly on a busy machine; these waits are not speed targets.
const SLOW = 240_000;
/*
 * `npm start` on a fresh machine: no service URLs at all. Everything is embedded under the data
 * directory, and what was written there is still there after a restart.
 */
const AUDIT_FIXTURE = path.join(ROOT, 'test/fixtures/embedded-audit.ts');

let dataDir: string;
const children: Child[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-embedded-'));
});

afterAll(async () => {
  for (const child of children) await stopChild(child);
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => childEnv({ LATCHKEY_DATA_DIR: dataDir, LOG_LEVEL: 'info' });

async function startServer() {
  const port = await freePort();
  const server = spawnScript(MAIN, [], { ...env(), PORT: String(port) });
  children.push(server);
  await waitForLog(server, /^listening on /, 90000);
  return { server, url: `http://127.0.0.1:${port}` };
}

async function runFixture(args: string[]) {
  const result = await runScript(AUDIT_FIXTURE, args, env());
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout.find((line) => line.startsWith('{')) ?? '{}');
}

// The children get no service URL whatever the run has, so both CI passes would run the very
// same thing; the real-services pass (AMQP_URL set) leaves it to the embedded pass.
const describeEmbeddedPass = process.env.AMQP_URL ? describe.skip : describe;

describeEmbeddedPass('embedded mode, with no service URLs', () => {
  it(
    'first start -> says what is embedded, /readyz 200 naming each part, stops cleanly',
    async () => {
      const { server, url } = await startServer();

      const messages = server.logs().map((line) => String(line.message));
      const firstLines = messages.slice(
        0,
        messages.findIndex((m) => m.startsWith('listening')),
      );
      expect(firstLines).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^database: embedded PGlite in .*\(set DATABASE_URL/),
          expect.stringMatching(/^cache: in-memory.*\(set REDIS_URL/),
          expect.stringMatching(/^bus: in-process.*\(set AMQP_URL/),
        ]),
      );
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      const body = await ready.json();
      expect(body.status).toBe('ok');
      expect(body.checks).toEqual({
        database: { kind: 'embedded', status: 'ok' },
        cache: { kind: 'memory', status: 'ok' },
        bus: { kind: 'in-process', status: 'ok' },
      });
      expect(await stopChild(server, 'SIGTERM')).toBe(0);
    },
    SLOW,
  );

  it(
    'an event audited on the data directory -> still there after the server restarted',
    async () => {
      const { recorded, audited } = await runFixture(['record']);
      expect(audited).toBe(true);

      const { server, url } = await startServer();
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const messages = server.logs().map((line) => String(line.message));
      expect(messages).not.toContain('applied migrations');
      expect(await stopChild(server, 'SIGTERM')).toBe(0);

      const { found } = await runFixture(['read', recorded]);
      expect(found).toEqual({ event_id: recorded, type: 'test.restart_survived', data: { n: 42 } });
    },
    SLOW,
  );
});
