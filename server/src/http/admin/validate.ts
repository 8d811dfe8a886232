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
  const fields = onePerField(
    parsed.error.issues.flatMap((issue): RankedIssue[] => {
      const at = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          field: [...at, key].join('.'),
          message: 'Unknown field.',
          rank: 3,
        }));
      }
      const field = at.length ? at.join('.') : part;
      return [{ field, message: issue.message, rank: RANK[issue.code] ?? 1 }];
    }),
  );
  const summary =
    fields.length === 1
      ? `${fields[0]?.field}: ${fields[0]?.message}`
      : `${fields.length} fields are invalid.`;
  throw new DomainError('invalid', 'request.invalid', summary, fields);
}

type RankedIssue = FieldIssue & { rank: number };

/**
 * How specific a kind of issue is. A value can break several checks at once (an empty name is
 * both too short and blank; 1e308 is past both the safe-integer bound and ours), and the caller
 * needs the one that says what to send: our own rules' messages before zod's generic ones.
 */
const RANK: Partial<Record<z.core.$ZodIssue['code'], number>> = {
  custom: 3,
  invalid_format: 2,
};

/**
 * One entry per field, in the order fields were first met: the highest rank, and among equals
 * the later one, since a schema declares its checks from the general to the specific.
 */
function onePerField(issues: RankedIssue[]): FieldIssue[] {
  const chosen = new Map<string, RankedIssue>();
  for (const issue of issues) {
    const held = chosen.get(issue.field);
    if (!held || issue.rank >= held.rank) chosen.set(issue.field, issue);
  }
  return [...chosen.values()].map(({ field, message }) => ({ field, message }));
}
