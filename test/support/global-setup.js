/**
 * One database for the whole run. With DATABASE_URL set (CI's real-services pass), it must point
 * at a throw-away database: migrations are applied to it here. Unset, an in-memory embedded
 * PGlite is started and served on a loopback port — the same engine `npm start` embeds.
 * Plain JS loading the TypeScript sources through tsx: jest runs this file outside its transform.
 */
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  const { openDatabase } = await tsImport(
    '../../server/src/persistence/database.ts',
    import.meta.url,
  );
  if (!process.env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await tsImport(
      '../../server/src/persistence/embedded-postgres.ts',
      import.meta.url,
    );
    const embedded = await startEmbeddedPostgres('memory://', 40);
    process.env.DATABASE_URL = embedded.url;
    process.env.LATCHKEY_TEST_EMBEDDED_DB = '1';
    globalThis.__LATCHKEY_EMBEDDED__ = embedded;
  }
  const db = await openDatabase(process.env.DATABASE_URL);
  try {
    await db.migrate();
  } finally {
    await db.close();
  }
}
