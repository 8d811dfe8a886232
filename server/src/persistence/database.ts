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
  /**
   * Takes the session advisory lock named `name` on a connection of its own, or answers null
   * when another session holds it. The lock lasts until released or until that connection dies.
   */
  tryAdvisoryLock(name: string): Promise<AdvisoryLock | null>;
  /**
   * Runs one statement with `$1`-style parameters on a pooled connection, straight through the
   * driver. For the hot path only: MikroORM's `execute` formats every parameter into the SQL text
   * first, which costs more than a small INSERT itself. With a `preparedAs` name, each connection
   * parses and plans the statement once and reuses the plan; give one name to one text only.
   */
  query(
    sql: string,
    params: unknown[],
    preparedAs?: string,
  ): Promise<Array<Record<string, unknown>>>;
}

export interface AdvisoryLock {
  /** False once released or once its connection has gone, taking the lock with it. */
  readonly held: boolean;
  release(): Promise<void>;
}

/** What the lock needs of a pooled `pg` connection. */
interface PooledConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  query(statement: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: Array<Record<string, unknown>> }>;
  once(event: 'error' | 'end', listener: () => void): void;
}

interface ConnectionPool {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * Whether every pooled connection shares one server session, as with the embedded database
   * (see `runAlone`). Statements then go unnamed: a name prepared on one connection would
   * already exist for the next.
   */
  sharedSession?: boolean;
}

export async function openDatabase(
  clientUrl: string,
  options: DatabaseOptions = {},
): Promise<Database> {
  let namedStatements = !options.sharedSession;
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
  const pool = () => orm.em.getConnection().getKnex().client as ConnectionPool;
  const run = options.sharedSession ? runAlone : runOnConnection;
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
    tryAdvisoryLock: (name) => tryAdvisoryLock(pool(), name, run),
    async query(sql, params, preparedAs) {
      const connection = await pool().acquireConnection();
      try {
        if (!(namedStatements && preparedAs)) return await run(connection, sql, params);
        try {
          return (await connection.query({ name: preparedAs, text: sql, values: params })).rows;
        } catch (error) {
          // Behind something that shares one server session between connections (PGlite's
          // socket, a transaction-pooling proxy) a name is already taken or already gone. The
          // statement did not run: send it unnamed, from now on.
          if (!isNamedStatementClash(error)) throw error;
          namedStatements = false;
          return await run(connection, sql, params);
        }
      } finally {
        await pool().releaseConnection(connection);
      }
    },
    close: () => orm.close(true),
  };
}

/** Runs one unnamed statement with parameters on a connection. */
type StatementRunner = (
  connection: PooledConnection,
  sql: string,
  params: unknown[],
) => Promise<Array<Record<string, unknown>>>;

const runOnConnection: StatementRunner = async (connection, sql, params) =>
  (await connection.query({ text: sql, values: params })).rows;

/**
 * Runs one statement with parameters where every connection shares one server session (the
 * embedded PGlite's socket server). That server takes the connections' protocol messages one at
 * a time, in arrival order, except inside a transaction, where it serves only the connection
 * that opened it. A statement with parameters is several messages (Parse, Bind, Execute, Sync),
 * and a large Bind arrives in several socket reads: between them another connection's Parse, or
 * any plain query, replaced or dropped the unnamed statement, and one request's parameters were
 * bound to another's SQL — a revoked token once read as live that way. In a transaction of its
 * own the statement's messages cannot interleave: two more round trips, on the embedded
 * database only.
 */
const runAlone: StatementRunner = async (connection, sql, params) => {
  await connection.query('begin', []);
  try {
    const rows = await runOnConnection(connection, sql, params);
    await connection.query('commit', []);
    return rows;
  } catch (error) {
    await connection.query('rollback', []).catch(() => undefined);
    throw error;
  }
};

/** `duplicate_prepared_statement` or `invalid_sql_statement_name`, from preparing or binding. */
function isNamedStatementClash(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '42P05' || code === '26000';
}

/**
 * Advisory locks this process holds. The embedded database serves every connection from one
 * session, where advisory locks are re-entrant, so PostgreSQL alone would grant a second holder
 * in the same process; only one process can open an embedded data directory, so this set makes
 * the lock exclusive there too. On a real server it changes nothing.
 */
const heldInThisProcess = new Set<string>();

async function tryAdvisoryLock(
  pool: ConnectionPool,
  name: string,
  run: StatementRunner,
): Promise<AdvisoryLock | null> {
  if (heldInThisProcess.has(name)) return null;
  heldInThisProcess.add(name);
  let lock: AdvisoryLock | null = null;
  try {
    lock = await takeAdvisoryLock(pool, name, run, () => heldInThisProcess.delete(name));
  } finally {
    if (!lock) heldInThisProcess.delete(name);
  }
  return lock;
}

async function takeAdvisoryLock(
  pool: ConnectionPool,
  name: string,
  run: StatementRunner,
  onGone: () => void,
): Promise<AdvisoryLock | null> {
  const connection = await pool.acquireConnection();
  let locked = false;
  try {
    // A session lock outlives the transaction `run` may wrap it in.
    const rows = await run(
      connection,
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [name],
    );
    locked = rows[0]?.locked === true;
  } finally {
    if (!locked) await pool.releaseConnection(connection);
  }
  if (!locked) return null;
  let held = true;
  let released = false;
  const lost = () => {
    held = false;
    onGone();
  };
  connection.once('error', lost);
  connection.once('end', lost);
  return {
    get held() {
      return held;
    },
    async release() {
      if (released) return;
      released = true;
      if (held) {
        held = false;
        await run(connection, 'select pg_advisory_unlock(hashtextextended($1, 0))', [name]).catch(
          () => undefined,
        );
        onGone();
      }
      // A dead connection goes back too: the pool checks it and replaces it.
      await pool.releaseConnection(connection);
    },
  };
}
