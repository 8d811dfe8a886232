import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import type { Logger } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';

const STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  internal: 500,
};

/**
 * The one error shape of Latchkey's own APIs (RFC 9457 problem details): a stable `code`, a
 * message, the fields at fault and the request id. Protocol endpoints (OAuth, SCIM) answer in
 * their own specs' shapes instead and never reach this handler with a DomainError.
 */
export function sendProblem(res: ServerResponse, error: DomainError): void {
  const status = statusOf(error);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.end(
    JSON.stringify({
      type: `https://latchkey.dev/problems/${error.code}`,
      title: error.message,
      status,
      code: error.code,
      message: error.message,
      errors: error.fields,
      requestId: requestContext.getStore()?.requestId,
    }),
  );
}

/** Last handler: domain errors become problems; anything unexpected is logged and hidden. */
export function handleErrors(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    sendProblem(res, publicErrorOf(error, logger));
  };
}

/**
 * What the caller may learn of an error: a domain error as it is, a body parser's 4xx as a
 * malformed or too large request, and anything else as `server.error` with a generic message,
 * its cause logged (the log line carries the request id). The hosted pages show the same.
 */
export function publicErrorOf(error: unknown, logger: Logger): DomainError {
  if (error instanceof DomainError) return error;
  const status = (error as { status?: number; statusCode?: number }).status;
  if (status && status >= 400 && status < 500) {
    // Body-parser and the like: malformed JSON, a body too large, a bad content type.
    return status === 413
      ? new DomainError('too_large', 'request.too_large', 'The request body is too large.')
      : new DomainError('invalid', 'request.malformed', 'The request body could not be read.');
  }
  logger.error('unhandled error', { error });
  return new DomainError('internal', 'server.error', 'Something went wrong on our side.');
}

/**
 * A path served with a method it does not serve: 405 with `Allow` (RFC 9110 §15.5.6) as a
 * problem, `request.method_not_allowed`, naming the methods to use.
 */
export function sendMethodNotAllowed(res: ServerResponse, method: string, allow: string[]): void {
  res.setHeader('Allow', allow.join(', '));
  sendProblem(
    res,
    new DomainError(
      'method_not_allowed',
      'request.method_not_allowed',
      `${method} is not allowed here; use ${allow.join(', ')}.`,
    ),
  );
}

/** The HTTP status of a domain error. */
export function statusOf(error: DomainError): number {
  return STATUS[error.kind];
}
