import { describe, expect, it } from '@jest/globals';
import { migrationsList } from '../../../migrations/index.js';
import { createEmptyDatabase } from '../../../test/support/databases.js';
import { openDatabase } from './database.js';

const allMigrations = migrationsList.map((migration) => migration.name);

async function tableNames(db: Awaited<ReturnType<typeof openDatabase>>): Promise<string[]> {
  const rows = await db
    .em()
    .execute(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
  return rows.map((row) => String(row.table_name)).filter((name) => name !== 'latchkey_migrations');
}

describe('migrations', () => {
  it('on an empty database: up, then all the way down, then up again -> same schema, nothing left over', async () => {
    const empty = await createEmptyDatabase();
    const db = await openDatabase(empty.url);
    try {
      expect(await db.pendingMigrations()).toEqual(allMigrations);

      expect(await db.migrate()).toEqual(allMigrations);
      const schema = await tableNames(db);
      expect(schema).toEqual(
        expect.arrayContaining(['outbox_events', 'dead_letters', 'audit_events']),
      );

      const reverted = await db.orm.getMigrator().down({ to: 0 });
      expect(reverted.map((migration) => migration.name)).toEqual([...allMigrations].reverse());
      expect(await tableNames(db)).toEqual([]);

      expect(await db.migrate()).toEqual(allMigrations);
      expect(await tableNames(db)).toEqual(schema);
      expect(await db.pendingMigrations()).toEqual([]);
    } finally {
      await db.close();
      await empty.drop();
    }
  });
});
