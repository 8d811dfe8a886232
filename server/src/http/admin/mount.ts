import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import { type AdminCaller, adminCaller, requireScope } from './auth.js';
import type { Operation } from './operation.js';
import { parseRequest } from './validate.js';

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface OperationInput<O extends Operation> {
  params: Record<string, string>;
  query: Parsed<O['query']>;
  body: Parsed<O['body']>;
  caller: AdminCaller;
}

/**
 * Mounts one operation: scope check, request validation, the handler, then the answer shaped
 * by the response schema — which also drops any field the schema does not declare, so a
 * stored hash can never slip out through a handler's mistake.
 */
export function mountOperation<O extends Operation>(
  router: Router,
  operation: O,
  handler: (input: OperationInput<O>) => Promise<unknown>,
): void {
  const path = operation.path.replace(/\{(\w+)\}/g, ':$1');
  router[operation.method](
    path,
    requireScope(operation.scope),
    async (req: Request, res: Response) => {
      const input = {
        params: req.params as Record<string, string>,
        query: parsePart(operation.query, req.query, 'query') as Parsed<O['query']>,
        body: parsePart(operation.body, req.body, 'body') as Parsed<O['body']>,
        caller: adminCaller(res),
      };
      const result = await handler(input);
      if (operation.status === 204) {
        res.status(204).end();
        return;
      }
      res
        .status(operation.status)
        .json(operation.response ? operation.response.parse(result) : result);
    },
  );
}

function parsePart(schema: z.ZodType | undefined, value: unknown, part: string): unknown {
  return schema ? parseRequest(schema, value, part) : undefined;
}
