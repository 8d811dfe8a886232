import type { z } from 'zod';
import type { AdminScope } from '../../domain/tenants/admin-scopes.js';

/**
 * One admin API operation, declared once: the router validates requests with these schemas
 * and checks the scope, and the OpenAPI document is generated from the very same objects.
 */
export interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Relative to `/admin/v1`, in OpenAPI spelling: `/tenants/{slug}`. */
  path: string;
  operationId: string;
  tag: 'tenants' | 'clients' | 'users' | 'dead-letters';
  summary: string;
  description?: string;
  scope: AdminScope;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  status: 200 | 201 | 204;
  response?: z.ZodType;
  responseDescription: string;
}

/** Keeps the literal types of an operation (for typed handlers) while checking its shape. */
export function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}

export const ADMIN_BASE_PATH = '/admin/v1';
