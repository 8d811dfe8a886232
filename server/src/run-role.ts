import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import type { Config } from './config/schema.js';
import { type Container, createContainer } from './container.js';
import { ensureSystemTenant } from './domain/tenants/bootstrap.js';
import { ensureBootstrapAdminClient } from './domain/tenants/bootstrap-admin.js';
import type { Logger } from './logging/logger.js';
import type { Role } from './roles.js';
import { startExpiredRowCleanup } from './workers/expired-row-cleanup.js';
import { allConsumers } from './workers/index.js';
import { startTenantPurge } from './workers/tenant-purge.js';

/**
 * Wires the services and starts one role. main.ts loads this module only after the settings
 * were checked, so that a bad setting is reported at once instead of after loading everything.
 */
export async function runRole(role: Role, config: Config, logger: Logger): Promise<void> {
  const container = await createContainer(config, logger, { migrate: role === 'migrate' });
  if (role === 'migrate') {
    logger.info('database is up to date');
    await container.close();
    return;
  }

  let server: Server | undefined;
  if (role === 'all' || role === 'api') {
    // Bind the port before any worker starts: a taken port must stop the process, not leave a
    // worker running behind a server that never listened.
    const system = await ensureSystemTenant(container.db, container.crypto.kek);
    await ensureBootstrapAdminClient(container, system);
    server = await listen(container, logger);
  }
  if (role === 'all' || role === 'worker') {
    await container.startConsumers(allConsumers(container));
    startTenantPurge(container);
    startExpiredRowCleanup(container);
    container.relay.start();
  } else {
    // The api role writes events to the outbox and stops there: the processes that consume
    // (roles worker and all) relay them, so publishing never competes with requests for the api's
    // event loop, and with the in-process bus an api process would publish to nobody.
    logger.info('api role: events are relayed and consumed by the worker processes');
  }
  onShutdown(async () => {
    logger.info('shutting down');
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await container.close();
  });
}

async function listen(container: Container, logger: Logger): Promise<Server> {
  const { port, host, publicUrl } = container.config;
  // Not app.listen(): Express 5 calls its callback on failure too, so a taken port looked bound.
  const server = createServer(createApp(container));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is already in use' : error.message;
      reject(new Error(`cannot listen on ${host}:${port}: ${reason} (set PORT to another port)`));
    });
    server.listen(port, host, () => {
      logger.info(`listening on http://${host}:${port}, public URL ${publicUrl}`);
      resolve(server);
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
