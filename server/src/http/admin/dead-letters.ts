import { Router } from 'express';
import type { Container } from '../../container.js';
import { listDeadLetters, replayDeadLetter } from '../../domain/events/dead-letters.js';
import { mountOperation } from './mount.js';
import { deadLetterOperations as ops } from './schemas/dead-letters.js';

/** `/dead-letters`: events a consumer gave up on, for an operator to inspect and replay. */
export function deadLetterRoutes(container: Container): Router {
  const router = Router();
  mountOperation(router, ops.list, ({ query }) =>
    listDeadLetters(container.db, {
      limit: query.limit,
      cursor: query.cursor,
      includeReplayed: query.includeReplayed === 'true',
    }),
  );
  mountOperation(router, ops.replay, ({ params }) => replayDeadLetter(container.db, params.id!));
  return router;
}
