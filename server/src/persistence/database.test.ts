import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEmptyDatabase, type EmptyDatabase } from '../../../test/support/databases.js';
import { type Database, openDatabase } from './database.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';

/**
 * Fires statements with parameters through `query` on every pooled connection at once, mixed
 * with ORM statements (no parameters) and short transactions, and answers what each one got.
 * A statement that is answered with another's parameters or rows is exactly how a revoked
 * token once read as live.
 */
async function concurrentAnswers(db: Database, count: number) {
  const work = Array.from({ length: count }, async (_, i) => {
    if (i % 3 === 1) {
      const [row] = await db.em().execute(`select ${i} as n, 'orm-${i}' as label`);
      return { i, row };
    }
    if (i % 3 === 2) {
      // Several round trips in one transaction: others' messages queue up behind it.
      const row = await db.transaction(async (em) => {
        await em.execute('select 1');
        await em.execute('select 2');
        const [inside] = await em.execute(`select ${i} as n, 'tx-${i}' as label`);
        return inside;
      });
      return { i, row };
    }
    // Each text differs, as the hot path's statements do: bound to another's text, it shows.
    // A large parameter arrives in several socket reads, as an outbox batch's events do.
    const [row] = await db.query(
      `select $1::int as n, $2::text || '-${i}' as label, length($3::text) as padding`,
      [i, 'query', 'x'.repeat(PADDING)],
    );
    return { i, row: { n: row?.n, label: row?.label, padding: Number(row?.padding) } };
  });
  return Promise.all(work);
}

/** Several socket reads' worth. */
const PADDING = 300_000;

function expectedLabel(i: number): string {
  return i % 3 === 1 ? `orm-${i}` : i % 3 === 2 ? `tx-${i}` : `query-${i}`;
}

describe('Database.query under concurrency', () => {
  describe('embedded PGlite, where every connection shares one server session', () => {
    let embedded: EmbeddedPostgres;
    let db: Database;
    let dataDir: string;
    beforeAll(async () => {
      // On disk, as `npm start` runs it: PGlite then syncs to its files after each statement,
      // and other connections' messages get their turn while it does.
      dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-shared-session-'));
      embedded = await startEmbeddedPostgres(dataDir, 12);
      db = await openDatabase(embedded.url, { sharedSession: true });
    });
    afterAll(async () => {
      await db.close();
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('ten bursts of 30 statements, a third with parameters -> each gets its own row, none fails', async () => {
      for (let burst = 0; burst < 10; burst++) {
        const answers = await concurrentAnswers(db, 30);
        for (const { i, row } of answers) {
          expect({ n: Number(row?.n), label: row?.label }).toEqual({
            n: i,
            label: expectedLabel(i),
          });
          if (i % 3 === 0) expect(row?.padding).toBe(PADDING);
        }
      }
    });

    it('a failing statement with parameters -> its error, and the next statements still answer', async () => {
      await expect(db.query('select $1::uuid as id', ['not-a-uuid'])).rejects.toThrow(/uuid/);
      const answers = await concurrentAnswers(db, 30);
      expect(answers.map(({ row }) => row?.label)).toEqual(
        answers.map(({ i }) => expectedLabel(i)),
      );
    });
  });

  describe("the run's database (PostgreSQL when configured)", () => {
    let empty: EmptyDatabase;
    let db: Database;
    beforeAll(async () => {
      empty = await createEmptyDatabase();
      db = await openDatabase(empty.url, { sharedSession: empty.sharedSession });
    });
    afterAll(async () => {
      await db.close();
      await empty.drop();
    });

    it('300 statements at once, a third prepared by name -> each gets its own row', async () => {
      const work = Array.from({ length: 300 }, async (_, i) => {
        const [row] = await db.query(
          'select $1::int as n, $2::text as label',
          [i, `named-${i}`],
          'latchkey_test_echo',
        );
        return { i, row };
      });
      for (const { i, row } of await Promise.all(work)) {
        expect({ n: Number(row?.n), label: row?.label }).toEqual({ n: i, label: `named-${i}` });
      }
    });
  });
});
