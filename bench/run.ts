/**
 * `npm run bench`: Latchkey against node-oidc-provider on loopback, in alternating rounds, so
 * every figure is a ratio measured in one run on one machine. Figures: client-credentials
 * tokens/s with p50/p99, refresh grants/s, introspections/s, each with the server's CPU time per
 * request. Each server runs in a process of its own (bench/server-process.ts) and each round's
 * load comes from autocannon in another (bench/load.mjs), so no two share a heap or event loop.
 * The client-credentials rounds also load bench/floor.ts, node:http and jose with nothing else,
 * and print its ratio to the peer: how far past the peer any server on this stack could go here.
 * BENCH_ROUNDS (default 3), BENCH_SECONDS (5), BENCH_CONNECTIONS (32), BENCH_REFRESHES (1000),
 * BENCH_FIGURES (a comma-separated subset of client_credentials,refresh_token,introspection).
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ServerCall, ServerInfo, ServerReply } from './server-process.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const REFRESHES = Number(process.env.BENCH_REFRESHES ?? 1000);
const FIGURES = new Set(
  (process.env.BENCH_FIGURES ?? 'client_credentials,refresh_token,introspection').split(','),
);
const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'latchkey-bench-'));

interface Round {
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** The server process's CPU time (user and system, all threads) per successful request. */
  cpuMsPerRequest: number;
}

/** A call to a server process, before the IPC layer numbers it. */
type Call = ServerCall extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

/** A benchmarked server in its own process, and the calls it answers over IPC. */
interface BenchServer {
  info: ServerInfo;
  call<T>(message: Call): Promise<T>;
}

async function spawnServer(which: 'latchkey' | 'peer' | 'floor'): Promise<BenchServer> {
  const child: ChildProcess = fork(path.join(here, 'server-process.ts'), [which], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${which} server exited (${code})`)));
    child.on('message', (message: { ready?: ServerInfo } & ServerReply) => {
      if (message.ready) return resolve(message.ready);
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.result);
    });
  });
  return {
    info,
    call: <T>(message: Call) =>
      new Promise<T>((resolve, reject) => {
        nextId += 1;
        pending.set(nextId, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ ...message, id: nextId });
      }),
  };
}

interface Load {
  url: string;
  authorization: string;
  body?: string;
  bodies?: string[];
  amount?: number;
  seconds?: number;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function round(server: BenchServer, load: Load): Promise<Round> {
  const file = path.join(scratch, `load-${Date.now()}-${Math.random()}.json`);
  await writeFile(file, JSON.stringify({ connections: CONNECTIONS, seconds: SECONDS, ...load }));
  const cpuBefore = await server.call<number>({ call: 'cpuMicros' });
  const { stdout } = await run(process.execPath, [path.join(here, 'load.mjs'), file], {
    maxBuffer: 1 << 20,
  });
  const cpuMicros = (await server.call<number>({ call: 'cpuMicros' })) - cpuBefore;
  const result = JSON.parse(stdout.trim()) as Omit<Round, 'cpuMsPerRequest'>;
  return { ...result, cpuMsPerRequest: cpuMicros / 1000 / Math.max(1, result.ok) };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function summarise(rounds: Round[]) {
  return {
    perSecond: rounds.reduce((sum, r) => sum + r.perSecond, 0) / rounds.length,
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    cpuMsPerRequest: median(rounds.map((r) => r.cpuMsPerRequest)),
  };
}

/**
 * Runs a figure's rounds over several servers, rotating which goes first, so a machine that
 * drifts during the run tilts no figure more than another.
 */
async function measureEach(loads: Array<[BenchServer, () => Promise<Load>]>) {
  const rounds: Round[][] = loads.map(() => []);
  for (let i = 0; i < ROUNDS; i += 1) {
    for (let k = 0; k < loads.length; k += 1) {
      const index = (i + k) % loads.length;
      const [server, load] = loads[index]!;
      rounds[index]!.push(await round(server, await load()));
    }
  }
  return rounds.map(summarise);
}

async function measure(latchkey: () => Promise<Load>, peer: () => Promise<Load>) {
  const [ours, theirs] = await measureEach([
    [ourServer, latchkey],
    [peerServer, peer],
  ]);
  return { ours: ours!, theirs: theirs! };
}

type Summary = ReturnType<typeof summarise>;

function describe(s: Summary, unit: string) {
  return (
    `${s.perSecond.toFixed(0)} ${unit} (p50 ${s.p50} ms, p99 ${s.p99} ms, ` +
    `CPU ${s.cpuMsPerRequest.toFixed(3)} ms/request${s.failed ? `, ${s.failed} failed` : ''})`
  );
}

function report(name: string, unit: string, result: { ours: Summary; theirs: Summary }) {
  const { ours, theirs } = result;
  process.stdout.write(
    `${name}: latchkey ${describe(ours, unit)} | node-oidc-provider ${describe(theirs, unit)} | ratio ${(ours.perSecond / theirs.perSecond).toFixed(2)}x\n`,
  );
}

const [ourServer, peerServer, floorServer] = await Promise.all([
  spawnServer('latchkey'),
  spawnServer('peer'),
  spawnServer('floor'),
]);
const latchkey = ourServer.info;
const peer = peerServer.info;
process.stderr.write(
  `bench: ${ROUNDS} alternating rounds, ${SECONDS} s x ${CONNECTIONS} connections; ` +
    `Latchkey on ${latchkey.databaseMode}, node ${process.version}, ${os.cpus().length} cores\n`,
);
try {
  const ourAuth = basic(latchkey.client.id, latchkey.client.secret);
  const peerAuth = basic(peer.client.id, peer.client.secret);
  const ourCc = {
    url: `${latchkey.url}/token`,
    authorization: ourAuth,
    body: 'grant_type=client_credentials&scope=api%3Aread',
  };
  const peerCc = {
    url: `${peer.url}/token`,
    authorization: peerAuth,
    body: 'grant_type=client_credentials&scope=api%3Aread',
  };
  // Warm-up: JIT, connection pools, caches.
  await round(ourServer, { ...ourCc, seconds: 2 });
  await round(peerServer, { ...peerCc, seconds: 2 });

  if (FIGURES.has('client_credentials')) {
    const floor = floorServer.info;
    const floorCc = {
      url: `${floor.url}/token`,
      authorization: basic(floor.client.id, floor.client.secret),
      body: peerCc.body,
    };
    await round(floorServer, { ...floorCc, seconds: 2 });
    const [ours, theirs, bare] = await measureEach([
      [ourServer, async () => ourCc],
      [peerServer, async () => peerCc],
      [floorServer, async () => floorCc],
    ]);
    report('client_credentials', 'tokens/s', { ours: ours!, theirs: theirs! });
    process.stdout.write(
      `client_credentials floor (bench/floor.ts: node:http and jose alone, no lookup, no audit): ` +
        `${describe(bare!, 'tokens/s')} | ratio to node-oidc-provider ${(bare!.perSecond / theirs!.perSecond).toFixed(2)}x\n`,
    );
    if (!latchkey.withWorkers) {
      // The worker tier's share of each token: publishing its audit event from the outbox.
      const { events, seconds } = await ourServer.call<{ events: number; seconds: number }>({
        call: 'drainOutbox',
      });
      process.stdout.write(
        `outbox relay afterwards: ${events} events published in ${seconds.toFixed(1)} s ` +
          `(${(events / seconds).toFixed(0)} events/s, bus confirms, no consumers bound)\n`,
      );
    }
  }

  const refreshLoad = async (url: string, authorization: string, server: BenchServer) => ({
    url,
    authorization,
    amount: REFRESHES,
    bodies: (await server.call<string[]>({ call: 'mintRefreshTokens', count: REFRESHES })).map(
      (token) => `grant_type=refresh_token&refresh_token=${token}`,
    ),
  });
  if (FIGURES.has('refresh_token')) {
    report(
      'refresh_token',
      'grants/s',
      await measure(
        () => refreshLoad(`${latchkey.url}/token`, ourAuth, ourServer),
        () => refreshLoad(`${peer.url}/token`, peerAuth, peerServer),
      ),
    );
  }

  if (FIGURES.has('introspection')) {
    const ourToken = (await (
      await fetch(ourCc.url, {
        method: 'POST',
        headers: { authorization: ourAuth, 'content-type': 'application/x-www-form-urlencoded' },
        body: ourCc.body,
      })
    ).json()) as { access_token: string };
    const peerToken = await peerServer.call<string>({ call: 'mintAccessToken' });
    report(
      'introspection',
      'introspections/s',
      await measure(
        async () => ({
          url: `${latchkey.url}/introspect`,
          authorization: ourAuth,
          body: `token=${ourToken.access_token}`,
        }),
        async () => ({
          url: `${peer.url}/token/introspection`,
          authorization: peerAuth,
          body: `token=${peerToken}`,
        }),
      ),
    );
  }
} finally {
  await Promise.all([
    peerServer.call({ call: 'close' }),
    ourServer.call({ call: 'close' }),
    floorServer.call({ call: 'close' }),
  ]);
}
