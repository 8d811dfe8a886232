import { z } from 'zod';
import { defineOperation } from '../operation.js';
import { DisplayText, PageQuery, pageOf, TenantPath, Timestamp } from './common.js';

const Locale = z
  .string()
  .max(35)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'Use a BCP 47 language tag, such as en-GB.');

export const User = z
  .object({
    id: z.string(),
    tenant: z.string().meta({ description: 'Slug of the tenant the user belongs to.' }),
    email: z.string(),
    emailVerified: z.boolean(),
    givenName: z.string().nullable(),
    familyName: z.string().nullable(),
    locale: z.string().nullable(),
    status: z.enum(['active', 'disabled', 'pending_verification']),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    lastLoginAt: Timestamp.nullable(),
  })
  .meta({ id: 'User' });

const userFields = {
  email: z
    .string()
    .max(320)
    .meta({
      description:
        'Unique in the tenant, compared after normalisation (NFC, case-insensitive); ' +
        'a Unicode domain is stored in its ASCII (punycode) form.',
    }),
  password: z.string().max(1024).optional().meta({
    description:
      'Optional; 8 to 256 characters, at least 4 of them different. Stored only as an argon2id hash.',
  }),
  emailVerified: z.boolean().optional(),
  givenName: DisplayText(200).nullable().optional(),
  familyName: DisplayText(200).nullable().optional(),
  locale: Locale.nullable().optional(),
};

export const UserCreate = z.strictObject(userFields).meta({ id: 'UserCreate' });
export const UserUpdate = z
  .strictObject({ ...userFields, email: userFields.email.optional() })
  .meta({ id: 'UserUpdate' });
export const UserPage = pageOf(User, 'UserPage');

const UserPath = TenantPath.extend({ userId: z.string() });
const UserQuery = PageQuery.extend({
  email: z
    .string()
    .max(320)
    .optional()
    .meta({
      description:
        'Keeps users whose normalised email (trimmed, NFC, lower-cased, a whole Unicode domain ' +
        'in punycode) starts with this text.',
    }),
});

const userAction = (name: 'disable' | 'enable', summary: string, responseDescription: string) =>
  defineOperation({
    method: 'post',
    path: `/tenants/{slug}/users/{userId}/${name}`,
    operationId: `${name}User`,
    tag: 'users',
    summary,
    scope: 'users:write',
    params: UserPath,
    status: 200,
    response: User,
    responseDescription,
  });

export const userOperations = {
  list: defineOperation({
    method: 'get',
    path: '/tenants/{slug}/users',
    operationId: 'listUsers',
    tag: 'users',
    summary: "List a tenant's users, oldest first, optionally by email prefix",
    scope: 'users:read',
    params: TenantPath,
    query: UserQuery,
    status: 200,
    response: UserPage,
    responseDescription: 'A page of users.',
  }),
  create: defineOperation({
    method: 'post',
    path: '/tenants/{slug}/users',
    operationId: 'createUser',
    tag: 'users',
    summary: 'Create a user, with or without a password',
    scope: 'users:write',
    params: TenantPath,
    body: UserCreate,
    status: 201,
    response: User,
    responseDescription: 'The new user.',
  }),
  get: defineOperation({
    method: 'get',
    path: '/tenants/{slug}/users/{userId}',
    operationId: 'getUser',
    tag: 'users',
    summary: 'Get a user',
    scope: 'users:read',
    params: UserPath,
    status: 200,
    response: User,
    responseDescription: 'The user.',
  }),
  update: defineOperation({
    method: 'patch',
    path: '/tenants/{slug}/users/{userId}',
    operationId: 'updateUser',
    tag: 'users',
    summary: "Change a user's email, names, locale, verification or password",
    scope: 'users:write',
    params: UserPath,
    body: UserUpdate,
    status: 200,
    response: User,
    responseDescription: 'The changed user.',
  }),
  delete: defineOperation({
    method: 'delete',
    path: '/tenants/{slug}/users/{userId}',
    operationId: 'deleteUser',
    tag: 'users',
    summary: 'Delete a user for good',
    scope: 'users:write',
    params: UserPath,
    status: 204,
    responseDescription: 'Deleted.',
  }),
  disable: userAction('disable', 'Disable a user: no sign-in until enabled', 'The user.'),
  enable: userAction('enable', 'Enable a disabled user', 'The user.'),
};
