import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet with a strict policy for the hosted pages: scripts and styles only from our own origin
 * (never inline), no framing at all, no plugins, no <base> tricks. `form-action` is left out on
 * purpose: browsers apply it to the redirects that follow a form post, and sign-in and consent
 * must end in a redirect to the client's registered redirect_uri.
 */
export const pageSecurityHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'https:', 'data:'],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
});

/** Pages with forms must never be stored by the browser or a proxy (they hold CSRF tokens). */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  res.set('Pragma', 'no-cache');
  next();
}

/** Both of the above, for an answer that did not pass through them: the error pages. */
export function applyPageHeaders(req: Request, res: Response): Promise<void> {
  noStore(req, res, () => undefined);
  return new Promise((resolve, reject) => {
    pageSecurityHeaders(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}
