import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logging/logger.js';
import { allowedMethods } from '../allow.js';
import { publicErrorOf, statusOf } from '../problem.js';
import { renderPage } from './render.js';
import { applyPageHeaders } from './security-headers.js';

interface ErrorPage {
  status: number;
  titleKey: string;
  messageKey: string;
  vars?: Record<string, string>;
}

const NOT_FOUND: ErrorPage = {
  status: 404,
  titleKey: 'error.not_found_title',
  messageKey: 'error.not_found',
};

/**
 * A browser that asks a page path for something the pages cannot give gets a page, not JSON: the
 * status, the pages' look and headers, and the request id that finds the log line. Nothing
 * internal is shown; the way back is the tenant's sign-in page, when there is a tenant.
 */
export async function showErrorPage(req: Request, res: Response, page: ErrorPage): Promise<void> {
  await applyPageHeaders(req, res);
  const slug = req.tenant?.slug;
  await renderPage(
    req,
    res,
    'message',
    {
      titleKey: page.titleKey,
      messageKey: page.messageKey,
      vars: page.vars,
      requestId: res.locals.requestId,
      linkHref: slug ? `/t/${slug}/login` : null,
      linkKey: 'error.to_login',
    },
    page.status,
  );
}

/**
 * 404 as a page: for an unknown, malformed or inactive tenant on a page path, and for a path
 * under a page that no page serves (`/login/extra`, `/account/nope`).
 */
export function showPageNotFound(req: Request, res: Response): Promise<void> {
  return showErrorPage(req, res, NOT_FOUND);
}

/**
 * A page path asked with a method it does not serve (`PUT /login`): 405 with `Allow`
 * (RFC 9110 §15.5.6). Routed after the pages' handlers, so it sees only what they left.
 */
export function refuseMethod(methods: readonly string[]) {
  const allow = allowedMethods(methods).join(', ');
  return (req: Request, res: Response): Promise<void> => {
    res.set('Allow', allow);
    return showErrorPage(req, res, {
      status: 405,
      titleKey: 'error.method_title',
      messageKey: 'error.method',
    });
  };
}

/**
 * The pages' last handler: what `publicErrorOf` lets a caller learn, as a page. The unexpected
 * is logged with the request id and shown as "something went wrong" with that id.
 */
export function showPageError(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const publicError = publicErrorOf(error, logger);
    const status = statusOf(publicError);
    const page: ErrorPage =
      status >= 500
        ? { status, titleKey: 'error.server_title', messageKey: 'error.server' }
        : {
            status,
            titleKey: 'error.request_title',
            messageKey: 'error.request',
            vars: { reason: publicError.message },
          };
    showErrorPage(req, res, page).catch(next);
  };
}
