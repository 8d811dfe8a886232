import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { ADMIN_SCOPES } from '../../domain/tenants/admin-scopes.js';
import { ADMIN_BASE_PATH, type Operation } from './operation.js';
import { clientOperations } from './schemas/clients.js';
import { Problem } from './schemas/common.js';
import { deadLetterOperations } from './schemas/dead-letters.js';
import { Health, Readiness } from './schemas/health.js';
import { tenantOperations } from './schemas/tenants.js';
import { userOperations } from './schemas/users.js';

export const ALL_OPERATIONS: Operation[] = [
  ...Object.values(tenantOperations),
  ...Object.values(clientOperations),
  ...Object.values(userOperations),
  ...Object.values(deadLetterOperations),
];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

function registerOperation(registry: OpenAPIRegistry, op: Operation): void {
  const route: RouteConfig = {
    method: op.method,
    path: `${ADMIN_BASE_PATH}${op.path}`,
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: `${op.description ? `${op.description}\n\n` : ''}Scope: \`${op.scope}\`.`,
    security: [{ bearer: [op.scope] }],
    request: {
      params: op.params,
      query: op.query,
      body: op.body && { required: true, content: { 'application/json': { schema: op.body } } },
    },
    responses: {
      [op.status]: {
        description: op.responseDescription,
        ...(op.response && { content: { 'application/json': { schema: op.response } } }),
      },
      400: problem('`request.invalid` with the fields at fault, or another `*.invalid` code.'),
      401: problem('No token, or not a valid admin token (`WWW-Authenticate: Bearer`).'),
      403: problem('`auth.insufficient_scope`: the token lacks the scope.'),
      404: problem('No such tenant or resource in this tenant.'),
      409: problem('A conflict: a slug or email taken, a tenant being deleted, ...'),
    },
  };
  registry.registerPath(route);
}

function registerHealth(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    operationId: 'getHealth',
    tags: ['health'],
    summary: 'The process answers (no dependency is checked)',
    responses: {
      200: { description: 'Alive.', content: { 'application/json': { schema: Health } } },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/readyz',
    operationId: 'getReadiness',
    tags: ['health'],
    summary: 'Whether the database, cache and bus each answer, and the server version',
    responses: {
      200: { description: 'Ready.', content: { 'application/json': { schema: Readiness } } },
      503: {
        description: 'A dependency is down; `checks` names it.',
        content: { 'application/json': { schema: Readiness } },
      },
    },
  });
}

/** The OpenAPI 3.1 document of the admin API, built from the same schemas that validate it. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: `Access token from \`POST {PUBLIC_URL}/t/system/token\` (client_credentials). Admin scopes: ${ADMIN_SCOPES.join(', ')}.`,
  });
  for (const op of ALL_OPERATIONS) registerOperation(registry, op);
  registerHealth(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Latchkey admin API',
      version: '1.0.0',
      description:
        'Tenants, OAuth clients, users and dead letters of a Latchkey installation. See docs/admin-api.md.',
    },
    servers: [{ url: '/' }],
  });
}

/** The document as committed in docs/openapi.json: keys sorted, two-space indent. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(sortKeys(buildOpenApiDocument()), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** `GET /openapi.json`: public, like any API description. Rendered once, on first request. */
export function openApiRoute(): Router {
  const router = Router();
  let rendered: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    rendered ??= renderOpenApiDocument();
    res.type('application/json').send(rendered);
  });
  return router;
}
