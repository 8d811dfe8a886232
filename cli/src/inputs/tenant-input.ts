import { Args, Flags } from '@oclif/core';
import type { TenantUpdate } from '../../../sdk/src/index.js';

export const slugArg = {
  slug: Args.string({ description: 'Tenant slug: lower-case letters, digits and dashes.' }),
};

/** The tenant fields create and update share. */
export const tenantFlags = {
  name: Flags.string({ description: 'Display name.' }),
  region: Flags.string({ description: 'Region the tenant lives in.' }),
  'allowed-domain': Flags.string({
    description:
      'Email domain allowed to sign up, stored in punycode if Unicode; repeat for more ' +
      '(replaces the list).',
    multiple: true,
  }),
  'brand-name': Flags.string({
    description: 'Name shown on the hosted pages; "" removes it.',
  }),
  'logo-url': Flags.string({
    description: 'Logo shown on the hosted pages, an https URL; "" removes it.',
  }),
  'primary-color': Flags.string({
    description: 'Primary colour of the hosted pages, e.g. #1a73e8; "" removes it.',
  }),
};

type TenantFlagValues = {
  name?: string;
  region?: string;
  'allowed-domain'?: string[];
  'brand-name'?: string;
  'logo-url'?: string;
  'primary-color'?: string;
};

/** Only what the user passed, so an update changes nothing else. */
export function tenantBody(flags: TenantFlagValues): TenantUpdate {
  const body: TenantUpdate = {};
  if (flags.name !== undefined) body.displayName = flags.name;
  if (flags.region !== undefined) body.region = flags.region;
  if (flags['allowed-domain']) body.allowedDomains = flags['allowed-domain'];
  const branding = {
    ...(flags['brand-name'] !== undefined && { name: orRemoved(flags['brand-name']) }),
    ...(flags['logo-url'] !== undefined && { logoUrl: orRemoved(flags['logo-url']) }),
    ...(flags['primary-color'] !== undefined && {
      primaryColor: orRemoved(flags['primary-color']),
    }),
  };
  if (Object.keys(branding).length > 0) body.branding = branding;
  return body;
}

/** An empty branding value removes it: the admin API's `null`, which clears that key alone. */
function orRemoved(value: string): string | null {
  return value === '' ? null : value;
}
