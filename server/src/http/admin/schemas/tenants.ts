import { z } from 'zod';
import { isHostName, toAsciiDomain } from '../../../domain/domain-names.js';
import {
  MAX_RESOURCE_INDICATORS,
  resourceIndicatorProblem,
} from '../../../domain/tenants/settings-rules.js';
import { isReservedSlug, TENANT_SLUG } from '../../../domain/tenants/tenant-slug.js';
import { uriCharacterProblem } from '../../../domain/uri-rules.js';
import { defineOperation } from '../operation.js';
import { DisplayText, noRepeats, PageQuery, pageOf, TenantPath, Timestamp } from './common.js';

const Slug = z
  .string()
  .regex(TENANT_SLUG, 'Use 2 to 63 lower-case letters, digits or inner dashes.')
  .refine((slug) => !isReservedSlug(slug), 'This slug is reserved.')
  .meta({ description: 'URL-safe and immutable; the issuer is `{PUBLIC_URL}/t/{slug}`.' });

const Domain = z
  .string()
  .max(253)
  .refine(
    (domain) => isHostName(toAsciiDomain(domain) ?? ''),
    'Use a domain name, such as example.com or exämple.com.',
  )
  .meta({ description: 'A Unicode (IDN) domain is stored in its ASCII (punycode) form.' });

export const TenantBranding = z
  .object({
    name: z.string().nullable(),
    logoUrl: z.string().nullable(),
    primaryColor: z.string().nullable(),
  })
  .meta({ id: 'TenantBranding' });

const TenantBrandingPatch = z
  .strictObject({
    name: DisplayText(100).nullable().optional(),
    logoUrl: z
      .url({ protocol: /^https$/, error: 'Use an https URL.' })
      .max(2048)
      .superRefine(refuseBadCharacters)
      .nullable()
      .optional(),
    primaryColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1a2b3c.')
      .nullable()
      .optional(),
  })
  .meta({ id: 'TenantBrandingPatch' });

export const TenantSettings = z
  .looseObject({
    signupEnabled: z.boolean(),
    requireEmailVerification: z.boolean(),
    sessionIdleMinutes: z.number().int(),
    sessionAbsoluteHours: z.number().int(),
    revokeRefreshTokensOnLogout: z.boolean(),
    resourceIndicators: z.array(z.string()),
    defaultAudience: z.string().nullable(),
  })
  .meta({ id: 'TenantSettings' });

/** An audience a token may be issued for (RFC 8707), compared as an exact string. */
const ResourceIndicator = z
  .string()
  .min(1)
  .max(2000)
  .superRefine((uri, ctx) => {
    const problem = resourceIndicatorProblem(uri);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const TenantSettingsPatch = z
  .strictObject({
    signupEnabled: z
      .boolean()
      .optional()
      .meta({ description: 'Hosted sign-up. Always off for the `system` tenant.' }),
    requireEmailVerification: z.boolean().optional(),
    sessionIdleMinutes: z.number().int().min(5).max(10080).optional(),
    sessionAbsoluteHours: z.number().int().min(1).max(2160).optional(),
    revokeRefreshTokensOnLogout: z.boolean().optional(),
    resourceIndicators: z
      .array(ResourceIndicator)
      .max(MAX_RESOURCE_INDICATORS)
      .superRefine(noRepeats)
      .optional()
      .meta({
        description:
          'RFC 8707: the audiences an access token may be asked for with `resource`. Absolute ' +
          'https URIs (http only to a loopback host), no fragment, each once; replaces the list.',
      }),
    defaultAudience: z
      .string()
      .max(2000)
      .nullable()
      .optional()
      .meta({
        description:
          'The `aud` of a token asked for without `resource`: the issuer or one of ' +
          '`resourceIndicators`. `null` means the issuer.',
      }),
  })
  .meta({ id: 'TenantSettingsPatch' });

function refuseBadCharacters(uri: string, ctx: z.RefinementCtx): void {
  const problem = uriCharacterProblem(uri);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

export const Tenant = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    region: z.string(),
    status: z.enum(['active', 'deleting']),
    allowedDomains: z.array(z.string()),
    branding: TenantBranding,
    settings: TenantSettings,
    issuer: z.string(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    purgeAfter: Timestamp.nullable().meta({ description: 'When a deleting tenant is purged.' }),
  })
  .meta({ id: 'Tenant' });

const tenantFields = {
  displayName: DisplayText(200).optional(),
  region: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lower-case letters, digits and dashes.')
    .optional(),
  allowedDomains: z.array(Domain).max(100).optional(),
  branding: TenantBrandingPatch.optional(),
  settings: TenantSettingsPatch.optional(),
};

export const TenantCreate = z
  .strictObject({ slug: Slug, ...tenantFields })
  .meta({ id: 'TenantCreate' });
export const TenantUpdate = z.strictObject(tenantFields).meta({ id: 'TenantUpdate' });
export const TenantPage = pageOf(Tenant, 'TenantPage');

export const tenantOperations = {
  list: defineOperation({
    method: 'get',
    path: '/tenants',
    operationId: 'listTenants',
    tag: 'tenants',
    summary: 'List tenants, oldest first',
    scope: 'tenants:read',
    query: PageQuery,
    status: 200,
    response: TenantPage,
    responseDescription: 'A page of tenants.',
  }),
  create: defineOperation({
    method: 'post',
    path: '/tenants',
    operationId: 'createTenant',
    tag: 'tenants',
    summary: 'Create a tenant, its issuer and its first signing key',
    scope: 'tenants:write',
    body: TenantCreate,
    status: 201,
    response: Tenant,
    responseDescription: 'The new tenant.',
  }),
  get: defineOperation({
    method: 'get',
    path: '/tenants/{slug}',
    operationId: 'getTenant',
    tag: 'tenants',
    summary: 'Get a tenant',
    scope: 'tenants:read',
    params: TenantPath,
    status: 200,
    response: Tenant,
    responseDescription: 'The tenant.',
  }),
  update: defineOperation({
    method: 'patch',
    path: '/tenants/{slug}',
    operationId: 'updateTenant',
    tag: 'tenants',
    summary: 'Change a tenant; branding and settings merge key by key',
    scope: 'tenants:write',
    params: TenantPath,
    body: TenantUpdate,
    status: 200,
    response: Tenant,
    responseDescription: 'The changed tenant.',
  }),
  delete: defineOperation({
    method: 'delete',
    path: '/tenants/{slug}',
    operationId: 'deleteTenant',
    tag: 'tenants',
    summary: 'Delete a tenant: its issuer closes now, its data is purged after a grace period',
    scope: 'tenants:write',
    params: TenantPath,
    status: 200,
    response: Tenant,
    responseDescription: 'The tenant, in status `deleting`, with `purgeAfter`.',
  }),
};
