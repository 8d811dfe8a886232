import type { NextFunction, Request, Response } from 'express';
import type { Directory } from '../domain/directory.js';
import { DomainError } from '../domain/errors.js';
import { requestContext } from '../logging/request-context.js';
import type { TenantRow } from '../persistence/entities/tenant.js';
import { sendProblem } from './problem.js';
import './request-types.js';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Resolves `:tenant` to an active tenant, or answers 404 before any protocol code runs. */
export function resolveTenant(directory: Directory) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const tenant = await activeTenant(directory, String(req.params.tenant ?? ''));
    if (!tenant) {
      return sendProblem(res, DomainError.notFound('tenant.not_found', 'No such tenant.'));
    }
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
