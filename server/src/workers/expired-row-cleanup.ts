import type { Container } from '../container.js';
import { deleteExpiredRows } from '../domain/retention/expired-rows.js';

/** Often enough that the backlog stays small; a run with nothing to do is a few index probes. */
const CLEANUP_EVERY_MS = 10 * 60 * 1000;
/** Batches per kind of row in one run: with the default batch size, 25,000 rows a run at most. */
const MAX_BATCHES_PER_RUN = 50;

/**
 * Deletes long-expired codes, tokens, families and mailed links now and then every few minutes
 * in a worker process, in batches of LATCHKEY_EXPIRED_ROW_BATCH_SIZE. Several workers may run it
 * at once. The timer does not keep the process alive; a failed run is logged and retried at the
 * next tick. `now` is for tests that place their rows in a past no real row lives in.
 */
export function startExpiredRowCleanup(
  container: Container,
  options: { everyMs?: number; now?: () => Date } = {},
): () => void {
  const { config, db, logger } = container;
  const policy = {
    graceSeconds: config.expiredRowGraceHours * 3600,
    batchSize: config.expiredRowBatchSize,
    maxBatches: MAX_BATCHES_PER_RUN,
  };
  const run = async () => {
    try {
      const counts = await deleteExpiredRows(db, policy, options.now?.() ?? new Date());
      // A list, not an object keyed by kind: the redaction would hide `refresh_tokens: 3`.
      const deleted = Object.entries(counts).map(([kind, rows]) => ({ kind, rows }));
      if (deleted.length > 0) logger.info('deleted expired rows', { deleted });
    } catch (error) {
      logger.error('expired-row cleanup failed', { error });
    }
  };
  void run();
  const timer = setInterval(run, options.everyMs ?? CLEANUP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
