import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { tokenError } from './errors.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });

/**
 * Parses an `application/x-www-form-urlencoded` OAuth request and refuses repeated parameters:
 * RFC 6749 §3.1 says a parameter must not be included more than once, and a second value is a
 * classic way to make two components read different values.
 */
export function readOAuthForm(req: Request, res: Response, next: NextFunction): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    return next(
      tokenError('invalid_request', 'The body must be application/x-www-form-urlencoded.'),
    );
  }
  parseForm(req, res, (error?: unknown) => {
    if (error) return next(tokenError('invalid_request', 'The request body could not be read.'));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const repeated = Object.keys(body).find((key) => typeof body[key] !== 'string');
    if (repeated) {
      return next(
        tokenError('invalid_request', `The parameter ${repeated} was sent more than once.`),
      );
    }
    next();
  });
}
