import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/src/persistence/embedded-postgres.js';

export interface EmptyDatabase {
  url: string;
  /** True for the embedded PGlite, whose connections all share one server session. */
  sharedSession: boolean;
  drop(): Promise<void>;
}

/**
 * A database with no tables at all, for tests of migrations and of a schema that is behind.
 * With real PostgreSQL (the run's DATABASE_URL is not embedded) a throw-away database on the
 * same server, dropped afterwards; in embedded mode a fresh in-memory PGlite of its own.
 */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || process.env.LATCHKEY_TEST_EMBEDDED_DB) {
    const embedded = await startEmbeddedPostgres('memory://', 12);
    return { url: embedded.url, sharedSession: true, drop: () => embedded.stop() };
  }
  const name = `latchkey_empty_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    sharedSession: false,
    drop: () => adminQuery(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
