import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Container } from '../../container.js';
import { generateSecret } from '../../domain/crypto/secret-hash.js';
import { preSessionCookieName, readCookie, setCookie } from './cookies.js';
import { readPageForm } from './form.js';
import { renderPage } from './render.js';

export const CSRF_FIELD = '_csrf';

interface CsrfState {
  container: Container;
  preSession: string;
}

const states = new WeakMap<Request, CsrfState>();

/**
 * The anonymous pre-session of this browser, created (and its cookie set) on first need. CSRF
 * tokens are bound to it: a keyed hash of the pre-session id and the tenant, so the server keeps
 * no per-form state and a token from one browser or tenant is worthless in another.
 */
function preSessionOf(container: Container, req: Request, res: Response): string {
  const existing = states.get(req);
  if (existing) return existing.preSession;
  const name = preSessionCookieName(container.config.publicUrl);
  let preSession = readCookie(req, name);
  if (!preSession || !/^[A-Za-z0-9_-]{43}$/.test(preSession)) {
    preSession = generateSecret(32);
    setCookie(res, container.config.publicUrl, name, preSession);
  }
  states.set(req, { container, preSession });
  return preSession;
}

/** Replaces the pre-session at sign-in and sign-out, so a token seen before is dead after. */
export function rotatePreSession(container: Container, req: Request, res: Response): void {
  const preSession = generateSecret(32);
  setCookie(
    res,
    container.config.publicUrl,
    preSessionCookieName(container.config.publicUrl),
    preSession,
  );
  states.set(req, { container, preSession });
}

function tokenFor(container: Container, preSession: string, tenantSlug: string): string {
  return container.crypto.hasher.hash(`csrf/v1:${tenantSlug}:${preSession}`).slice(7);
}

/** Makes the pre-session of this request known, so templates can call `csrfField(req)`. */
export function preparePreSession(container: Container) {
  return (req: Request, res: Response, next: NextFunction): void => {
    preSessionOf(container, req, res);
    next();
  };
}

/** The current CSRF token of this request's browser and tenant. */
export function csrfToken(req: Request): string {
  const state = states.get(req);
  if (!state || !req.res) throw new Error('csrfToken needs preparePreSession on the route');
  return tokenFor(state.container, state.preSession, req.tenant?.slug ?? '');
}

/** The hidden field every form carries; its value is a base64url string, safe in an attribute. */
export function csrfField(req: Request): string {
  return `<input type="hidden" name="${CSRF_FIELD}" value="${csrfToken(req)}">`;
}

/**
 * Parses the form (one string per field, else 400) and refuses a post without the token of this
 * browser's pre-session with 403 and a page that says what to do.
 */
export function requireCsrf(container: Container) {
  const parse = readPageForm(container);
  return (req: Request, res: Response, next: NextFunction): void => {
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const name = preSessionCookieName(container.config.publicUrl);
      const preSession = readCookie(req, name);
      const sent = (req.body as Record<string, string>)[CSRF_FIELD];
      const valid =
        typeof preSession === 'string' &&
        typeof sent === 'string' &&
        equalStrings(sent, tokenFor(container, preSession, req.tenant?.slug ?? ''));
      if (valid) {
        states.set(req, { container, preSession });
        return next();
      }
      preSessionOf(container, req, res);
      renderPage(
        req,
        res,
        'message',
        { titleKey: 'csrf.title', messageKey: 'csrf.message' },
        403,
      ).catch(next);
    });
  };
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
