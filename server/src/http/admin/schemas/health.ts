import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const Check = z.object({
  kind: z.string().meta({ description: 'postgresql or embedded, redis or memory, ...' }),
  status: z.enum(['ok', 'down']),
  reason: z.string().optional(),
});

export const Readiness = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string().meta({ description: 'The server version.' }),
    checks: z.object({ database: Check, cache: Check, bus: Check }),
  })
  .meta({ id: 'Readiness' });
