import express, { type NextFunction, type Request, type Response } from 'express';
import type { Container } from '../../container.js';
import { translator } from '../../locales/strings.js';
import { findNul } from '../nul-guard.js';
import { pickLocale, renderPage } from './render.js';

/** Thrown from the parser's `verify` hook: the raw body is not UTF-8 text. */
class NotUtf8Error extends Error {
  constructor(readonly field: string | null) {
    super('the form is not UTF-8');
  }
}

const parseForm = express.urlencoded({
  extended: false,
  limit: '16kb',
  parameterLimit: 30,
  verify: (_req, _res, raw) => {
    const field = findNonUtf8Field(raw);
    if (field !== undefined) throw new NotUtf8Error(field);
  },
});

/**
 * Parses a hosted-page form. Only `application/x-www-form-urlencoded` with one plain string per
 * field is accepted (C-INPUT-1): a field sent twice, a JSON body or bytes that are not UTF-8
 * (raw or percent-escaped) are answered 400 before any handler reads it, so two parts of the
 * code can never see two different addresses, and nothing stores `%ff` as text.
 */
export function readPageForm(_container?: Container) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const refuse = (notUtf8?: NotUtf8Error) =>
      renderPage(req, res, 'message', refusal(req, notUtf8), 400).catch(next);
    if (req.body && typeof req.body === 'object' && Object.keys(req.body).length > 0) {
      return allStrings(req.body) ? next() : void refuse();
    }
    if (!req.is('application/x-www-form-urlencoded')) return void refuse();
    parseForm(req, res, (error?: unknown) => {
      if (error instanceof NotUtf8Error) return void refuse(error);
      if (error || !allStrings(req.body)) return void refuse();
      next();
    });
  };
}

/**
 * What the 400 page says. A field is named by its label, and only when it is one of our fields:
 * the name came from the request, so an unknown one is not echoed back.
 */
function refusal(req: Request, notUtf8?: NotUtf8Error) {
  const page = { titleKey: 'form.invalid_title', messageKey: 'form.invalid_message' };
  if (!notUtf8) return page;
  const t = translator(pickLocale(req));
  const labelKey = `field.${notUtf8.field ?? ''}`;
  const label = t(labelKey);
  if (label === labelKey) return { ...page, messageKey: 'form.not_utf8' };
  return { ...page, messageKey: 'form.not_utf8_field', vars: { field: label } };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first field of a raw urlencoded body whose bytes are not UTF-8 once its percent-escapes
 * are decoded: its name, null when the name itself is at fault or the raw body is not UTF-8,
 * undefined when every field is text. A `%` not followed by two hex digits is no escape and
 * stays a `%`, as the parser reads it; browsers send `%25`.
 */
function findNonUtf8Field(raw: Buffer): string | null | undefined {
  let body: string;
  try {
    body = utf8.decode(raw);
  } catch {
    return null;
  }
  for (const pair of body.split('&')) {
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals));
    if (name === undefined) return null;
    if (equals >= 0 && decodeComponent(pair.slice(equals + 1)) === undefined) return name;
  }
  return undefined;
}

/** A urlencoded component decoded, or undefined when its escapes are not UTF-8. */
function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    return undefined;
  }
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
