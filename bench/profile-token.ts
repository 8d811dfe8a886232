/**
 * Measures one token path alone: Latchkey in this process, the load from a child process; prints
 * the server's CPU per token. BENCH_GRANT picks the path: `client_credentials` (the default) for
 * BENCH_SECONDS, or `refresh_token`, spending BENCH_REFRESHES pre-minted refresh tokens once each.
 * With BENCH_PROFILE=file.cpuprofile it also writes a CPU profile of the load alone (not of
 * start-up), for Chrome DevTools or speedscope.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '../test/support/ports.js';
import { startLatchkey } from './latchkey.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 8);
const grant = process.env.BENCH_GRANT ?? 'client_credentials';
if (grant !== 'client_credentials' && grant !== 'refresh_token') {
  throw new Error(`BENCH_GRANT must be client_credentials or refresh_token, not ${grant}`);
}
const latchkey = await startLatchkey(await freePort());
const auth = `Basic ${Buffer.from(`${latchkey.client.id}:${latchkey.client.secret}`).toString('base64')}`;
const spec = path.join(await mkdtemp(path.join(os.tmpdir(), 'latchkey-prof-')), 'load.json');
await writeFile(
  spec,
  JSON.stringify({
    url: `${latchkey.url}/token`,
    authorization: auth,
    connections: 32,
    ...(grant === 'client_credentials'
      ? { body: 'grant_type=client_credentials&scope=api%3Aread', seconds }
      : await refreshLoad(Number(process.env.BENCH_REFRESHES ?? 2000))),
  }),
);
const profileFile = process.env.BENCH_PROFILE;
const session = new Session();
if (profileFile) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const cpuBefore = process.cpuUsage();
const { stdout } = await promisify(execFile)(process.execPath, [path.join(here, 'load.mjs'), spec]);
const cpu = process.cpuUsage(cpuBefore);
if (profileFile) {
  const { profile } = await session.post('Profiler.stop');
  await writeFile(profileFile, JSON.stringify(profile));
  session.disconnect();
}
const result = JSON.parse(stdout) as { ok: number; perSecond: number; p50: number; p99: number };
process.stdout.write(
  `${stdout.trim()}\nserver CPU per token: ${((cpu.user + cpu.system) / 1000 / result.ok).toFixed(3)} ms\n`,
);
await latchkey.close();

async function refreshLoad(count: number) {
  const tokens = await latchkey.mintRefreshTokens(count);
  return {
    amount: count,
    bodies: tokens.map((token) => `grant_type=refresh_token&refresh_token=${token}`),
  };
}
