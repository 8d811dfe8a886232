/**
 * One benchmarked server in a process of its own: `latchkey`, `peer` or `floor` (bench/floor.ts).
 * Each server gets its own heap, garbage collector and event loop, so none pays for another's
 * memory (the peer keeps every token it issues in memory). Driven by bench/run.ts over the fork IPC channel: it answers
 * `ready` with what the load needs, then one reply per call.
 */
import { freePort } from '../test/support/ports.js';
import { FLOOR_CLIENT, startFloor } from './floor.js';
import { startLatchkey } from './latchkey.js';
import { PEER_CLIENT, startPeer } from './peer.js';

export interface ServerInfo {
  name: string;
  url: string;
  client: { id: string; secret: string };
  /** Latchkey only: which database it runs on, and whether the worker tier runs in it. */
  databaseMode?: string;
  withWorkers?: boolean;
}

export type ServerCall =
  | { id: number; call: 'mintRefreshTokens'; count: number }
  | { id: number; call: 'mintAccessToken' }
  | { id: number; call: 'drainOutbox' }
  | { id: number; call: 'cpuMicros' }
  | { id: number; call: 'close' };

export interface ServerReply {
  id: number;
  result?: unknown;
  error?: string;
}

async function start() {
  const which = process.argv[2];
  const port = await freePort();
  if (which === 'latchkey') {
    const latchkey = await startLatchkey(port);
    return {
      info: {
        name: 'latchkey',
        url: latchkey.url,
        client: latchkey.client,
        databaseMode: latchkey.databaseMode,
        withWorkers: latchkey.withWorkers,
      } satisfies ServerInfo,
      mintRefreshTokens: latchkey.mintRefreshTokens,
      mintAccessToken: async (): Promise<string> => {
        throw new Error('Latchkey introspects a token fetched over HTTP');
      },
      drainOutbox: latchkey.drainOutbox,
      close: latchkey.close,
    };
  }
  if (which === 'peer') {
    const peer = await startPeer(port);
    return {
      info: { name: 'node-oidc-provider', url: peer.url, client: PEER_CLIENT } satisfies ServerInfo,
      mintRefreshTokens: peer.mintRefreshTokens,
      mintAccessToken: peer.mintAccessToken,
      drainOutbox: async () => ({ events: 0, seconds: 0 }),
      close: peer.close,
    };
  }
  if (which === 'floor') {
    const floor = await startFloor(port);
    const notServed = async (): Promise<never> => {
      throw new Error('the floor serves client credentials only');
    };
    return {
      info: { name: 'floor', url: floor.url, client: FLOOR_CLIENT } satisfies ServerInfo,
      mintRefreshTokens: notServed,
      mintAccessToken: notServed,
      drainOutbox: async () => ({ events: 0, seconds: 0 }),
      close: floor.close,
    };
  }
  throw new Error(`usage: server-process.ts latchkey|peer|floor (got ${which})`);
}

const server = await start();
const send = (message: unknown) => process.send?.(message);
process.on('message', (message: ServerCall) => {
  const answer = async (): Promise<unknown> => {
    switch (message.call) {
      case 'mintRefreshTokens':
        return server.mintRefreshTokens(message.count);
      case 'mintAccessToken':
        return server.mintAccessToken();
      case 'drainOutbox':
        return server.drainOutbox();
      case 'cpuMicros': {
        const { user, system } = process.cpuUsage();
        return user + system;
      }
      case 'close':
        await server.close();
        setImmediate(() => process.exit(0));
        return null;
    }
  };
  answer().then(
    (result) => send({ id: message.id, result } satisfies ServerReply),
    (error: unknown) => send({ id: message.id, error: String(error) } satisfies ServerReply),
  );
});
send({ ready: server.info });
