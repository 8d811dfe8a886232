import express, { type NextFunction, type Request, type Response } from 'express';
import type { Container } from '../../container.js';
import { findNul } from '../nul-guard.js';
import { renderPage } from './render.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 30 });

/**
 * Parses a hosted-page form. Only `application/x-www-form-urlencoded` with one plain string per
 * field is accepted (C-INPUT-1): a field sent twice or a JSON body is answered 400 before any
 * handler reads it, so two parts of the code can never see two different addresses.
 */
export function readPageForm(_container?: Container) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refuse = () =>
      renderPage(
        req,
        res,
        'message',
        { titleKey: 'form.invalid_title', messageKey: 'form.invalid_message' },
        400,
      ).catch(next);
    if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) {
      return allStrings(req.body) ? next() : void refuse();
    }
    if (!req.is('application/x-www-form-urlencoded')) return void refuse();
    parseForm(req, res, (error?: unknown) => {
      if (error || !allStrings(req.body)) return void refuse();
      next();
    });
  };
}

/** One plain string per field, none holding NUL (which PostgreSQL text cannot store). */
function allStrings(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  return (
    Object.values(body as Record<string, unknown>).every((value) => typeof value === 'string') &&
    findNul(body) === undefined
  );
}

/** One field of a parsed page form, trimmed to `max` characters; '' when absent. */
export function formField(req: Request, name: string, max = 1024): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}
