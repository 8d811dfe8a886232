import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { PageQuery, pageOf, Timestamp } from './common.js';

export const DeadLetter = z
  .object({
    id: z.string(),
    consumer: z.string().meta({ description: 'The consumer that gave up on the event.' }),
    eventId: z.string(),
    eventType: z.string(),
    tenant: z.string().nullable(),
    error: z.string(),
    attempts: z.number().int(),
    parkedAt: Timestamp,
    replayedAt: Timestamp.nullable(),
    envelope: z.looseObject({}).meta({ description: 'The event as it travelled on the bus.' }),
  })
  .meta({ id: 'DeadLetter' });

export const DeadLetterPage = pageOf(DeadLetter, 'DeadLetterPage');

const DeadLetterQuery = PageQuery.extend({
  includeReplayed: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Also list letters already replayed (default false).' }),
});

export const deadLetterOperations = {
  list: defineOperation({
    method: 'get',
    path: '/dead-letters',
    operationId: 'listDeadLetters',
    tag: 'dead-letters',
    summary: 'List events a consumer gave up on, newest first',
    scope: 'events:read',
    query: DeadLetterQuery,
    status: 200,
    response: DeadLetterPage,
    responseDescription: 'A page of dead letters.',
  }),
  replay: defineOperation({
    method: 'post',
    path: '/dead-letters/{id}/replay',
    operationId: 'replayDeadLetter',
    tag: 'dead-letters',
    summary: 'Send a dead letter once more to the consumer that parked it',
    scope: 'events:write',
    params: z.object({ id: z.string() }),
    status: 200,
    response: DeadLetter,
    responseDescription: 'The letter, now marked replayed.',
  }),
};
