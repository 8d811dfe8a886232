import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logging/logger.js';

/**
 * One line per request, after it finished. Only the path is logged, never the query string:
 * authorize and callback queries carry codes and state.
 */
export function logAccess(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    // winston runs its formats (redaction, JSON) before the level check: skip the work when off.
    if (!logger.isLevelEnabled('http')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.http('request', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    next();
  };
}
