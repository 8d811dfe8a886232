import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createEmptyDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import {
  childEnv,
  MAIN,
  runScript,
  sharedServices,
  spawnScript,
  stopChild,
  waitForLog,
} from '../support/processes.js';

/*
 * An operator who gets a setting wrong sees one line naming it and what was expected, and the
 * process exits non-zero: no stack trace, no half-started server.
 */
async function startWith(env: Record<string, string>, args: string[] = []) {
  return runScript(MAIN, args, childEnv(env));
}

/** Children load every module through tsx: a few at a time overlap well without thrashing. */
function limited<T>(concurrency: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

// Children take seconds each to load on a busy machine; these waits are not speed targets.
const SLOW = 240_000;

function expectOneLineFailure(result: Result, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.stderr).toHaveLength(1);
  expect(result.stderr[0]).toMatch(pattern);
  expect(result.stderr[0]).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node:internal/);
}

type Result = Awaited<ReturnType<typeof startWith>>;

const badSettings: Array<[string, string, RegExp]> = [
  ['DATABASE_URL', 'mysql://x', /DATABASE_URL.*expected a URL starting with postgres:\/\//],
  ['PORT', 'abc', /PORT="abc" is invalid: expected a whole number from 1 to 65535/],
  ['PORT', '70000', /PORT="70000" is invalid: expected a whole number from 1 to 65535/],
  ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" is invalid: expected one of error, warn/],
];

describe('starting the server with a bad setting', () => {
  const results = new Map<string, Promise<Result>>();
  beforeAll(() => {
    const run = limited<Result>(3);
    for (const [name, value] of badSettings) {
      results.set(
        `${name}=${value}`,
        run(() => startWith({ [name]: value })),
      );
    }
    const unreachable = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x' };
    results.set(
      'unreachable',
      run(() => startWith(unreachable)),
    );
    results.set(
      'role',
      run(() => startWith({}, ['--role', 'nonsense'])),
    );
  });

  it.each(badSettings)(
    '%s=%s -> exits non-zero with one line naming it',
    async (name, value, pattern) => {
      const result = await results.get(`${name}=${value}`)!;

      expectOneLineFailure(result, pattern);
    },
    SLOW,
  );

  it(
    'an unreachable database -> exits non-zero with one line saying so',
    async () => {
      const result = await results.get('unreachable')!;

      expectOneLineFailure(result, /cannot (reach|use) the database: .*ECONNREFUSED/);
    },
    SLOW,
  );

  it(
    '--role nonsense -> exits non-zero with one line listing the roles',
    async () => {
      const result = await results.get('role')!;

      expectOneLineFailure(result, /--role=nonsense is invalid: expected one of all, api, worker/);
    },
    SLOW,
  );

  it(
    'a database that is behind -> the api refuses to start and names npm run migrate',
    async () => {
      const empty = await createEmptyDatabase();
      try {
        const result = await startWith({ DATABASE_URL: empty.url }, ['--role', 'api']);

        expectOneLineFailure(result, /migration\(s\) behind; run `npm run migrate`/);
      } finally {
        await empty.drop();
      }
    },
    SLOW,
  );

  it(
    'a port another process holds -> exits non-zero with one line, not a server that never listened',
    async () => {
      const holder = createServer();
      const port = await freePort();
      await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
      try {
        const dataDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-port-'));
        const result = await startWith({
          ...sharedServices(),
          PORT: String(port),
          LATCHKEY_DATA_DIR: dataDir,
        });

        // A fresh data directory first prints its bootstrap admin credentials; the failure is
        // the one line after them.
        expect(result.code).not.toBe(0);
        expect(result.stderr.at(-1)).toMatch(
          new RegExp(`cannot listen on .*:${port}: the port is already in use`),
        );
        expect(result.stderr.join('\n')).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node:internal/);
      } finally {
        holder.close();
      }
    },
    SLOW,
  );

  it(
    'a second process on the same embedded data directory -> refused with one line naming the owner',
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'latchkey-shared-dir-'));
      const embedded = { LATCHKEY_DATA_DIR: dataDir };
      const first = spawnScript(
        MAIN,
        [],
        childEnv({ ...embedded, PORT: String(await freePort()) }),
      );
      try {
        await waitForLog(first, /listening on/, SLOW);

        const second = await startWith({ ...embedded, PORT: String(await freePort()) });

        expectOneLineFailure(second, /embedded database in .* is in use by process \d+/);
      } finally {
        await stopChild(first, 'SIGTERM');
      }
    },
    SLOW,
  );
});
