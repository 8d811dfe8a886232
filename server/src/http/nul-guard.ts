import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../domain/errors.js';
import { sendProblem } from './problem.js';

/**
 * PostgreSQL text cannot hold the NUL character: a value carrying one fails deep in the driver
 * as a server error, after work has begun. No name, address, id or secret of ours has a use for
 * it, so it is refused where input arrives, naming where it was found.
 */
export const NUL = '\u0000';

/** The dotted path of the first key or string value holding NUL, '' for the value itself. */
export function findNul(value: unknown, at: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? at.join('.') : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes(NUL)) return [...at, key.replaceAll(NUL, '\\0')].join('.');
    const found = findNul(inner, [...at, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether a raw request target spells NUL (`%00`), in its path or its query. */
export function urlHasNul(url: string | undefined): boolean {
  return url !== undefined && (/%00/.test(url) || url.includes(NUL));
}

const invalid = (field: string) =>
  new DomainError('invalid', 'request.invalid', `${field}: Must not contain the NUL character.`, [
    { field, message: 'Must not contain the NUL character.' },
  ]);

/** Express: a URL with `%00` anywhere is answered 400 before any route reads it. */
export function refuseNulInUrl(req: Request, res: Response, next: NextFunction): void {
  if (!urlHasNul(req.originalUrl)) return next();
  sendProblem(res, invalid(/%00/.test(req.originalUrl.split('?')[0] ?? '') ? 'path' : 'query'));
}

/** Express, after the JSON parser: a body with NUL in any key or string is answered 400. */
export function refuseNulInBody(req: Request, res: Response, next: NextFunction): void {
  const field = findNul(req.body);
  if (field === undefined) return next();
  sendProblem(res, invalid(field || 'body'));
}
