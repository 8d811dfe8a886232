import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { DisplayText, noRepeats, PageQuery, pageOf, TenantPath, Timestamp } from './common.js';

const GrantType = z.enum(['authorization_code', 'refresh_token', 'client_credentials']);
/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
const ScopeToken = z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,128}$/, 'Use a scope token.');
const Uri = z.string().min(1).max(2000);
const Seconds = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .meta({ description: `Seconds, ${min} to ${max}.` });

export const OAuthClient = z
  .object({
    clientId: z.string(),
    tenant: z.string().meta({ description: 'Slug of the tenant the client belongs to.' }),
    name: z.string(),
    type: z.enum(['confidential', 'public']),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    grantTypes: z.array(z.string()),
    scopes: z.array(z.string()),
    accessTokenTtl: z.number().int(),
    refreshTokenTtl: z.number().int(),
    idTokenTtl: z.number().int(),
    firstParty: z.boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'OAuthClient' });

export const OAuthClientWithSecret = OAuthClient.extend({
  clientSecret: z.string().optional().meta({
    description:
      'Only in the answer to creating a confidential client or rotating its secret; never again.',
  }),
}).meta({ id: 'OAuthClientWithSecret' });

const clientFields = {
  name: DisplayText(200),
  redirectUris: z
    .array(Uri)
    .max(50)
    .superRefine(noRepeats)
    .optional()
    .meta({
      description:
        'Matched as exact strings. A Unicode (IDN) host is stored in its ASCII (punycode) ' +
        'form. Needed (at least one) with `authorization_code`.',
    }),
  postLogoutRedirectUris: z.array(Uri).max(50).superRefine(noRepeats).optional(),
  grantTypes: z.array(GrantType).min(1).max(3).superRefine(noRepeats).optional().meta({
    description:
      'Default `authorization_code refresh_token`. `refresh_token` needs `authorization_code`.',
  }),
  scopes: z
    .array(ScopeToken)
    .max(100)
    .superRefine(noRepeats)
    .optional()
    .meta({
      description:
        'Default `openid profile email offline_access`, or none when the only grant type is ' +
        '`client_credentials`; such a client may not have `openid` or `offline_access`.',
    }),
  accessTokenTtl: Seconds(60, 86400).optional(),
  refreshTokenTtl: Seconds(300, 31536000).optional(),
  idTokenTtl: Seconds(60, 86400).optional(),
  firstParty: z
    .boolean()
    .optional()
    .meta({ description: 'Trusted first-party app: users are not asked to consent.' }),
};

export const OAuthClientCreate = z
  .strictObject({
    ...clientFields,
    type: z.enum(['confidential', 'public']).optional().meta({
      description: 'Default `confidential`. Immutable: create a new client to change it.',
    }),
  })
  .meta({ id: 'OAuthClientCreate' });
export const OAuthClientUpdate = z
  .strictObject({ ...clientFields, name: clientFields.name.optional() })
  .meta({ id: 'OAuthClientUpdate' });
export const OAuthClientPage = pageOf(OAuthClient, 'OAuthClientPage');

const ClientPath = TenantPath.extend({ clientId: z.string() });

export const clientOperations = {
  list: defineOperation({
    method: 'get',
    path: '/tenants/{slug}/clients',
    operationId: 'listClients',
    tag: 'clients',
    summary: "List a tenant's OAuth clients, oldest first",
    scope: 'clients:read',
    params: TenantPath,
    query: PageQuery,
    status: 200,
    response: OAuthClientPage,
    responseDescription: 'A page of clients.',
  }),
  create: defineOperation({
    method: 'post',
    path: '/tenants/{slug}/clients',
    operationId: 'createClient',
    tag: 'clients',
    summary: 'Register an OAuth client; a confidential one gets a secret, shown once',
    scope: 'clients:write',
    params: TenantPath,
    body: OAuthClientCreate,
    status: 201,
    response: OAuthClientWithSecret,
    responseDescription: 'The new client; `clientSecret` for a confidential one.',
  }),
  get: defineOperation({
    method: 'get',
    path: '/tenants/{slug}/clients/{clientId}',
    operationId: 'getClient',
    tag: 'clients',
    summary: 'Get an OAuth client',
    scope: 'clients:read',
    params: ClientPath,
    status: 200,
    response: OAuthClient,
    responseDescription: 'The client (never its secret).',
  }),
  update: defineOperation({
    method: 'patch',
    path: '/tenants/{slug}/clients/{clientId}',
    operationId: 'updateClient',
    tag: 'clients',
    summary: 'Change an OAuth client; a list given replaces the stored list',
    scope: 'clients:write',
    params: ClientPath,
    body: OAuthClientUpdate,
    status: 200,
    response: OAuthClient,
    responseDescription: 'The changed client.',
  }),
  delete: defineOperation({
    method: 'delete',
    path: '/tenants/{slug}/clients/{clientId}',
    operationId: 'deleteClient',
    tag: 'clients',
    summary: 'Delete an OAuth client; it can no longer get tokens',
    scope: 'clients:write',
    params: ClientPath,
    status: 204,
    responseDescription: 'Deleted.',
  }),
  rotateSecret: defineOperation({
    method: 'post',
    path: '/tenants/{slug}/clients/{clientId}/rotate-secret',
    operationId: 'rotateClientSecret',
    tag: 'clients',
    summary: "Replace a confidential client's secret",
    description:
      'The old secret stops working at once, in every process; there is no overlap window.',
    scope: 'clients:write',
    params: ClientPath,
    status: 200,
    response: OAuthClientWithSecret,
    responseDescription: 'The client with its new `clientSecret`, shown only here.',
  }),
};
