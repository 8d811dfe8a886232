import { Router } from 'express';
import type { Container } from '../container.js';
import { VERSION } from '../version.js';

type Check = { status: 'ok' } | { status: 'down'; reason: string };

async function probe(check: () => Promise<void>, timeoutMs = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'ok' };
  } catch (error) {
    return { status: 'down', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz`: the process answers. `/readyz`: each dependency answers, named in the body. */
export function healthRoutes(container: Container): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [database, cache, bus] = await Promise.all([
      probe(() => container.db.check()),
      probe(() => container.cache.check()),
      probe(() => container.bus.check()),
    ]);
    const checks = {
      database: { kind: container.config.databaseUrl ? 'postgresql' : 'embedded', ...database },
      cache: { kind: container.cache.kind, ...cache },
      bus: { kind: container.bus.kind, ...bus },
    };
    const ready = [database, cache, bus].every((check) => check.status === 'ok');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ok' : 'unavailable', version: VERSION, checks });
  });
  return router;
}
