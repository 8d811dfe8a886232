import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config/load.js';
import { type Container, createContainer } from './container.js';
import { ensureSystemTenant } from './domain/tenants/bootstrap.js';
import { ensureBootstrapAdminClient } from './domain/tenants/bootstrap-admin.js';
import { createLogger, type Logger } from './logging/logger.js';
import { allConsumers } from './workers/index.js';
import { startTenantPurge } from './workers/tenant-purge.js';

const ROLES = ['all', 'api', 'worker', 'migrate'] as const;
type Role = (typeof ROLES)[number];

/**
 * Starts one role: `all` (default: api and worker in one process), `api`, `worker`, or `migrate`
 * (apply pending migrations and exit). Several api and worker processes can share one set of
 * services. A setup failure prints one line and exits non-zero.
 */
async function main(): Promise<void> {
  const role = readRole(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  logger.info(`latchkey starting`, { role });

  const container = await createContainer(config, logger, { migrate: role === 'migrate' });
  if (role === 'migrate') {
    logger.info('database is up to date');
    await container.close();
    return;
  }

  let server: Server | undefined;
  if (role === 'all' || role === 'worker') {
    await container.startConsumers(allConsumers(container));
    startTenantPurge(container);
    container.relay.start();
  } else if (container.bus.kind === 'rabbitmq') {
    // An api-only process still relays its own outbox rows promptly. With the in-process bus it
    // must not: it has no consumers, so what it published would reach nobody. A worker process
    // sharing the database relays those rows instead.
    container.relay.start();
  } else {
    logger.warn('api role without AMQP_URL: events wait in the outbox for a worker process');
  }
  if (role === 'all' || role === 'api') {
    const system = await ensureSystemTenant(container.db, container.crypto.kek);
    await ensureBootstrapAdminClient(container, system);
    server = await listen(container, logger);
  }
  onShutdown(async () => {
    logger.info('shutting down');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await container.close();
  });
}

function readRole(args: string[]): Role {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  const role = values.role as Role;
  if (!ROLES.includes(role)) {
    throw new ConfigError(`--role=${values.role} is invalid: expected one of ${ROLES.join(', ')}`);
  }
  return role;
}

async function listen(container: Container, logger: Logger): Promise<Server> {
  const { port, host, publicUrl } = container.config;
  const app = createApp(container);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => {
      logger.info(`listening on http://${host}:${port}, public URL ${publicUrl}`);
      resolve(server);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(`cannot listen on ${host}:${port}: ${error.code ?? error.message}`));
    });
  });
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main().catch((error: unknown) => {
  // One line, no stack: these are setup failures an operator fixes from the message alone.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`latchkey: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
