import { Args, Flags } from '@oclif/core';
import type { UserUpdate } from '../../../sdk/src/index.js';

export const userTenantFlag = {
  tenant: Flags.string({ description: 'Slug of the tenant the user belongs to.' }),
};

export const userIdArg = {
  userId: Args.string({ name: 'USER_ID', description: 'The user id.' }),
};

/** The profile fields create and update share. */
export const userFlags = {
  'given-name': Flags.string({ description: 'Given (first) name.' }),
  'family-name': Flags.string({ description: 'Family (last) name.' }),
  locale: Flags.string({ description: 'Preferred locale, e.g. en-GB.' }),
  password: Flags.string({
    description: 'Password (visible in the process list: prefer --password-stdin).',
    exclusive: ['password-stdin'],
  }),
  'password-stdin': Flags.boolean({ description: 'Read the password from stdin.' }),
};

type UserFlagValues = {
  'given-name'?: string;
  'family-name'?: string;
  locale?: string;
};

/** Only what the user passed, so an update changes nothing else. */
export function userBody(flags: UserFlagValues): UserUpdate {
  const body: UserUpdate = {};
  if (flags['given-name'] !== undefined) body.givenName = flags['given-name'];
  if (flags['family-name'] !== undefined) body.familyName = flags['family-name'];
  if (flags.locale !== undefined) body.locale = flags.locale;
  return body;
}
