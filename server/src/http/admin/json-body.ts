import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../../domain/errors.js';
import { sendProblem } from '../problem.js';

/**
 * The admin API reads JSON bodies only. Any other body would be skipped by the JSON parser and
 * look empty: a PATCH would answer 200 having changed nothing, a POST would blame a field. So a
 * write that carries a body of another type (form, text, `merge-patch+json`) is refused with 415
 * before anything is read. Writes without a body (rotate-secret, replay) pass.
 */
export function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const writes = req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT';
  if (!writes || !hasBody(req) || req.is('application/json')) return next();
  if (req.method === 'PATCH') res.set('Accept-Patch', 'application/json'); // RFC 5789 §2.2
  sendProblem(
    res,
    new DomainError(
      'unsupported_media_type',
      'request.unsupported_media_type',
      'The request body must be application/json.',
    ),
  );
}

/** RFC 9110 §6.4.1: a body is there when it is chunked or has a non-zero Content-Length. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) ? length > 0 : true;
}
