import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockDataDirectory } from './data-dir-lock.js';

export interface EmbeddedPostgres {
  url: string;
  dataPath: string;
  stop(): Promise<void>;
}

/**
 * Runs PGlite (PostgreSQL compiled to WebAssembly) under the data directory and serves it on a
 * loopback port, so that the ordinary `pg` driver and the very same migrations work unchanged.
 * PGlite multiplexes every connection onto one backend: a transaction blocks all others, so no
 * code may wait on a second connection while it holds a transaction open.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  maxConnections: number,
): Promise<EmbeddedPostgres> {
  const dataPath = dataDir === 'memory://' ? dataDir : path.resolve(dataDir, 'pglite');
  let unlock = async () => {};
  if (dataPath !== 'memory://') {
    await mkdir(dataPath, { recursive: true });
    unlock = await lockDataDirectory(dataPath);
  }
  const db = await PGlite.create(dataPath).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dataPath,
    async stop() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
