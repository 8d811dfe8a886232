import type { z } from 'zod';
import { DomainError, type FieldIssue } from '../../domain/errors.js';

/**
 * Parses one part of a request with its schema. Every fault becomes a field issue named by its
 * dotted path (`redirectUris.0`, `settings.sessionIdleMinutes`), all reported together as
 * `request.invalid` (400); nothing is stored when anything is wrong.
 */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  value: unknown,
  part: string,
): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.flatMap((issue): FieldIssue[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...at, key].join('.'),
        message: 'Unknown field.',
      }));
    }
    return [{ field: at.length ? at.join('.') : part, message: issue.message }];
  });
  const summary =
    fields.length === 1
      ? `${fields[0]?.field}: ${fields[0]?.message}`
      : `${fields.length} fields are invalid.`;
  throw new DomainError('invalid', 'request.invalid', summary, fields);
}
