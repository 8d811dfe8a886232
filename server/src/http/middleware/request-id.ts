import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from '../../logging/request-context.js';

const ACCEPTABLE_ID = /^[A-Za-z0-9._-]{8,100}$/;

/**
 * Gives every request an id — the caller's `X-Request-Id` when it is a sane token, else a new
 * one — echoes it in the response and makes it part of every log line written meanwhile.
 */
export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const requestId = requestIdFor(req.headers['x-request-id']);
  res.locals.requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, next);
}

/** The caller's `X-Request-Id` when it is a sane token, else a new one. */
export function requestIdFor(offered: string | string[] | undefined): string {
  return typeof offered === 'string' && ACCEPTABLE_ID.test(offered) ? offered : randomUUID();
}
