import { Migrator } from '@mikro-orm/migrations';
import { type EntityManager, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { migrationsList } from '../../../migrations/index.js';
import { entities } from './entities/index.js';

export type { EntityManager };

/** The pool size; the embedded server must accept at least this many connections. */
export const POOL_MAX = 10;

export interface Database {
  orm: MikroORM;
  /** A fresh entity manager for one unit of work. */
  em(): EntityManager;
  /** Runs `work` in one transaction; everything it writes, outbox rows included, commits together. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T>;
  check(): Promise<void>;
  pendingMigrations(): Promise<string[]>;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
  /** Called after every transaction that `transaction()` committed; the outbox relay wakes on it. */
  onCommit(listener: () => void): void;
}

export async function openDatabase(clientUrl: string): Promise<Database> {
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl,
    entities,
    extensions: [Migrator],
    migrations: {
      migrationsList,
      transactional: true,
      tableName: 'latchkey_migrations',
      silent: true,
      // Applying migrations must not write a schema snapshot into the source tree (or an image).
      snapshot: false,
    },
    pool: { min: 0, max: POOL_MAX },
    // Fail fast on an unreachable server instead of waiting for the pool's long default.
    driverOptions: { connection: { connectionTimeoutMillis: 5000 } },
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: false,
  });
  const commitListeners: Array<() => void> = [];
  return {
    orm,
    em: () => orm.em.fork(),
    async transaction(work) {
      const result = await orm.em.fork().transactional(work);
      for (const listener of commitListeners) listener();
      return result;
    },
    onCommit: (listener) => {
      commitListeners.push(listener);
    },
    async check() {
      await orm.em.getConnection().execute('select 1');
    },
    async pendingMigrations() {
      return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
    },
    async migrate() {
      return (await orm.getMigrator().up()).map((m) => m.name);
    },
    close: () => orm.close(true),
  };
}
