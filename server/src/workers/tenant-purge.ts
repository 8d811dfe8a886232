import type { Container } from '../container.js';
import { purgeDeletedTenants } from '../domain/tenants/delete-tenant.js';

/** Often enough that a purge is late by minutes at most; each run is one indexed query. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Runs the tenant purge now and then every few minutes in a worker process. Several workers
 * may run it at once: each tenant row is deleted by exactly one. The timer does not keep the
 * process alive, and a failed run is logged and retried at the next tick.
 */
export function startTenantPurge(container: Container, everyMs = PURGE_EVERY_MS): () => void {
  const run = async () => {
    try {
      const purged = await purgeDeletedTenants(container.db, container.directory);
      if (purged.length > 0) container.logger.info('purged deleted tenants', { tenants: purged });
    } catch (error) {
      container.logger.error('tenant purge failed', { error });
    }
  };
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
