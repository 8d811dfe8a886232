import type { NextFunction, Request, Response } from 'express';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import { requestContext } from '../logging/request-context.js';
import type { TenantRow } from '../persistence/entities/tenant.js';
import { sendProblem } from './problem.js';
import './request-types.js';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

type Answer = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;

/** The API's answer to an unknown tenant: 404 `tenant.not_found` as problem details. */
export function answerTenantNotFound(_req: Request, res: Response): void {
  sendProblem(res, DomainError.notFound('tenant.not_found', 'No such tenant.'));
}

/**
 * Resolves `:tenant` to an active tenant before any protocol or page code runs. An unknown one
 * gets `answerUnknown`: problem details by default; the hosted pages answer with a page.
 */
export function resolveTenant(directory: Directory, answerUnknown: Answer = answerTenantNotFound) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const tenant = await activeTenant(directory, String(req.params.tenant ?? ''));
    if (!tenant) return answerUnknown(req, res, next);
    req.tenant = tenant;
    const context = requestContext.getStore();
    if (context) context.tenant = tenant.slug;
    next();
  };
}

/** The active tenant with this slug, or null for a malformed, unknown or inactive one. */
export async function activeTenant(directory: Directory, slug: string): Promise<TenantRow | null> {
  const tenant = SLUG.test(slug) ? await directory.tenantBySlug(slug) : null;
  return tenant?.status === 'active' ? tenant : null;
}
