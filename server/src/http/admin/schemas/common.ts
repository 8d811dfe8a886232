import { z } from 'zod';
import { displayTextFault } from '../../../domain/display-text.js';
import { PAGE_DEFAULT, PAGE_MAX } from '../../../domain/paging.js';

export const FieldIssue = z.object({
  field: z.string().meta({ description: 'Dotted path of the field at fault: `redirectUris.0`.' }),
  message: z.string(),
});

/** RFC 9457 problem details, the one error shape of the admin API. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().meta({ description: 'Stable, machine-readable: `tenant.not_found`.' }),
    message: z.string(),
    errors: z.array(FieldIssue),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const Timestamp = z.iso.datetime();

/** One message for every way a page size can be wrong: not a number, a fraction, out of range. */
const PAGE_LIMIT_ERROR = `Must be an integer from 1 to ${PAGE_MAX}.`;

export const PageQuery = z.object({
  limit: z.coerce
    .number({ error: PAGE_LIMIT_ERROR })
    .int({ error: PAGE_LIMIT_ERROR, abort: true })
    .min(1, { error: PAGE_LIMIT_ERROR })
    .max(PAGE_MAX, { error: PAGE_LIMIT_ERROR })
    .optional()
    .meta({ description: `Page size, 1 to ${PAGE_MAX}; default ${PAGE_DEFAULT}.` }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});

/** A page of a list, in creation order; `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({ items: z.array(item), nextCursor: z.string().nullable() })
    .meta({ id, description: 'One page; pass `nextCursor` back as `cursor` for the next.' });
}

export const TenantPath = z.object({ slug: z.string() });

/**
 * A zod check for a list whose entries must differ: each repeat is named by its own index
 * (`grantTypes.2`), and says which entry it repeats.
 */
export function noRepeats(list: readonly unknown[], ctx: z.RefinementCtx): void {
  list.forEach((entry, index) => {
    const first = list.indexOf(entry);
    if (first < index) {
      ctx.addIssue({ code: 'custom', path: [index], message: `Repeats entry ${first}.` });
    }
  });
}

/** A name people read: one line of visible text, not blank, bounded. */
export const DisplayText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/\S/, 'Cannot be blank.')
    .superRefine((text, ctx) => {
      const fault = displayTextFault(text);
      if (fault) ctx.addIssue({ code: 'custom', message: fault });
    })
    .meta({
      description:
        'One line of visible text: no control characters (C0, C1), no bidirectional ' +
        'overrides or isolates (U+202A–U+202E, U+2066–U+2069), no byte-order mark (U+FEFF), ' +
        'no U+FFFD or lone surrogates.',
    });
