import type { EventBus } from './adapters/bus/event-bus.js';
import { InProcessBus } from './adapters/bus/in-process-bus.js';
import { RabbitMqBus } from './adapters/bus/rabbitmq-bus.js';
import type { Cache } from './adapters/cache/cache.js';
import { MemoryCache } from './adapters/cache/memory-cache.js';
import { RedisCache } from './adapters/cache/redis-cache.js';
import { redactUrl } from './config/load.js';
import type { Config } from './config/schema.js';
import { KeyEncryption } from './domain/crypto/key-encryption.js';
import { resolveMasterKey } from './domain/crypto/master-key.js';
import { SecretHasher } from './domain/crypto/secret-hash.js';
import { Directory } from './domain/directory.js';
import { PasswordHasher } from './domain/users/passwords.js';
import { bindConsumer, type EventConsumer } from './events/consumer.js';
import { enqueueDelivery } from './events/outbox.js';
import { OutboxRelay } from './events/relay.js';
import type { Logger } from './logging/logger.js';
import { type Database, openDatabase, POOL_MAX } from './persistence/database.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './persistence/embedded-postgres.js';

/** Raised when the database schema is older than this code and may not be migrated here. */
export class SchemaBehindError extends Error {
  override name = 'SchemaBehindError';
}

/** Everything a role needs, wired once. The only place that picks adapters. */
export interface Container {
  config: Config;
  logger: Logger;
  db: Database;
  cache: Cache;
  bus: EventBus;
  relay: OutboxRelay;
  /** Encryption of secrets at rest and hashing of high-entropy secrets, both under the master key. */
  crypto: { kek: KeyEncryption; hasher: SecretHasher; passwords: PasswordHasher };
  /** Cached tenants, clients and signing keys, invalidated across processes. */
  directory: Directory;
  /** Subscribes consumers to the bus with the shared delivery contract. */
  startConsumers(consumers: EventConsumer[]): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerOptions {
  /** Apply pending migrations (embedded mode, `--role migrate`, tests). */
  migrate: boolean;
}

export async function createContainer(
  config: Config,
  logger: Logger,
  options: ContainerOptions,
): Promise<Container> {
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    const { db, embedded } = await connectDatabase(config, logger, options);
    if (embedded) closers.push(() => embedded.stop());
    closers.push(() => db.close());

    const cache = await connectCache(config, logger);
    closers.push(() => cache.close());

    const bus = await connectBus(config, logger, db);
    closers.push(() => bus.close());

    const relay = new OutboxRelay(db, bus, logger, config.outboxPollMs, config.namespace);
    closers.push(() => relay.stop());

    const masterKey = await resolveMasterKey(config.masterKey, config.dataDir, logger);
    const crypto = {
      kek: new KeyEncryption(masterKey),
      hasher: new SecretHasher(masterKey),
      passwords: new PasswordHasher(config.argon2MemoryKib, config.argon2TimeCost),
    };
    const directory = new Directory(db, cache, crypto.kek);
    await directory.start();

    return {
      config,
      logger,
      db,
      cache,
      bus,
      relay,
      crypto,
      directory,
      async startConsumers(consumers) {
        for (const consumer of consumers) {
          await bus.subscribe(bindConsumer(db, logger, consumer, config.consumerRetryDelaysMs));
        }
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function connectDatabase(config: Config, logger: Logger, options: ContainerOptions) {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, POOL_MAX + 2);
    url = embedded.url;
    logger.info(
      `database: embedded PGlite in ${embedded.dataPath} (set DATABASE_URL for PostgreSQL)`,
    );
  } else {
    logger.info(`database: PostgreSQL at ${redactUrl(url)}`);
  }
  const db = await openDatabase(url, { sharedSession: !!embedded }).catch(
    async (error: unknown) => {
      await embedded?.stop();
      throw new Error(`cannot reach the database: ${(error as Error).message}`);
    },
  );
  try {
    await db.check();
    const pending = await db.pendingMigrations();
    if (pending.length > 0 && (options.migrate || embedded)) {
      const applied = await db.migrate();
      logger.info('applied migrations', { migrations: applied });
    } else if (pending.length > 0) {
      throw new SchemaBehindError(
        `the database is ${pending.length} migration(s) behind; run \`npm run migrate\` with the same DATABASE_URL first`,
      );
    }
  } catch (error) {
    await db.close();
    await embedded?.stop();
    if (error instanceof SchemaBehindError) throw error;
    throw new Error(`cannot use the database: ${(error as Error).message}`);
  }
  return { db, embedded };
}

async function connectCache(config: Config, logger: Logger): Promise<Cache> {
  if (!config.redisUrl) {
    logger.info('cache: in-memory, this process only (set REDIS_URL for Redis)');
    return new MemoryCache();
  }
  logger.info(`cache: Redis at ${redactUrl(config.redisUrl)}`);
  return RedisCache.connect(config.redisUrl, config.namespace).catch((error: Error) => {
    throw new Error(`cannot reach Redis: ${error.message}`);
  });
}

async function connectBus(config: Config, logger: Logger, db: Database): Promise<EventBus> {
  if (!config.amqpUrl) {
    logger.info('bus: in-process, through the outbox (set AMQP_URL for RabbitMQ)');
    return new InProcessBus((envelope, consumer, attempt, delayMs) =>
      db.transaction((em) =>
        enqueueDelivery(em, envelope, { destination: consumer, attempt, delayMs }),
      ),
    );
  }
  logger.info(`bus: RabbitMQ at ${redactUrl(config.amqpUrl)}`);
  return RabbitMqBus.connect(config.amqpUrl, config.namespace, logger).catch((error: Error) => {
    throw new Error(`cannot reach RabbitMQ: ${error.message}`);
  });
}
