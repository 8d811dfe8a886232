import type { NextFunction, Request, Response } from 'express';
import { allowedMethods } from '../allow.js';
import { sendMethodNotAllowed } from '../problem.js';
import type { Operation } from './operation.js';

interface KnownPath {
  pattern: RegExp;
  /** As Express lists them for OPTIONS: upper case, sorted, HEAD wherever GET is. */
  allow: string[];
}

/**
 * A path the admin API serves, asked with a method it does not serve (PUT on a tenant), answers
 * 405 with `Allow` (RFC 9110 §15.5.6) instead of 404: the path exists, the method is wrong. The
 * paths and methods come from the declared operations, so this cannot drift from the routes.
 * OPTIONS is left to Express, which answers it with the same `Allow`.
 */
export function rejectUnsupportedMethods(operations: readonly Operation[]) {
  const known = knownPaths(operations);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'OPTIONS') return next();
    const path = known.find((candidate) => candidate.pattern.test(req.path));
    if (!path || path.allow.includes(req.method)) return next();
    sendMethodNotAllowed(res, req.method, path.allow);
  };
}

function knownPaths(operations: readonly Operation[]): KnownPath[] {
  const byPath = new Map<string, Set<string>>();
  for (const op of operations) {
    const methods = byPath.get(op.path) ?? new Set<string>();
    methods.add(op.method);
    byPath.set(op.path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    pattern: patternOf(path),
    allow: allowedMethods(methods),
  }));
}

/** `/tenants/{slug}` as Express matches `/tenants/:slug`: any case, an optional final slash. */
function patternOf(path: string): RegExp {
  const segments = path
    .split('/')
    .map((segment) =>
      /^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    );
  return new RegExp(`^${segments.join('/')}/?$`, 'i');
}
