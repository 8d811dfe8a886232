import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logging/logger.js';

/**
 * One line per request, after it finished. Only the path is logged, never the query string:
 * authorize and callback queries carry codes and state.
 */
export function logAccess(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    logWhenFinished(logger, res, {
      requestId: res.locals.requestId as string,
      method: req.method,
      path: req.path,
    });
    next();
  };
}

/** Writes the access line once `res` has finished; for handlers that run outside Express. */
export function logWhenFinished(
  logger: Logger,
  res: ServerResponse,
  request: { requestId: string; method: string | undefined; path: string },
): void {
  // winston runs its formats (redaction, JSON) before the level check: skip the work when off.
  if (!logger.isLevelEnabled('http')) return;
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    logger.http('request', {
      ...request,
      status: res.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
}
