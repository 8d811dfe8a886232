import { Flags } from '@oclif/core';

export const pageFlags = {
  limit: Flags.integer({
    description: 'Items per page, 1 to 200 [default: 50].',
    min: 1,
    max: 200,
  }),
  cursor: Flags.string({ description: 'Cursor from the previous page, to get the next one.' }),
};
