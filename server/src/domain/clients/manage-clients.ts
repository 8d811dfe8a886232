import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { Database, EntityManager } from '../../persistence/database.js';
import { type OAuthClientRow, OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import { generateSecret, type SecretHasher } from '../crypto/secret-hash.js';
import type { Directory } from '../directory.js';
import { DomainError } from '../errors.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from '../paging.js';
import { revokeFamiliesWhere } from '../tokens/revocation.js';
import {
  assertCallerOutranks,
  assertKeepsFullAdmin,
  type CallerScopes,
  isSystemTenant,
} from './admin-clients.js';
import { actsForNoUser, insertClient, type NewClient } from './create-client.js';
import { assertGrantsUsable, assertSystemClientGrants } from './grant-rules.js';
import { assertRedirectUris, withStoredRedirectUris } from './redirect-uris.js';

type TenantRef = { id: string; slug: string };
export type ClientChanges = Partial<Omit<NewClient, 'type'>>;

/** The rules that span fields; each field's own shape is checked by the admin API's schema. */
export function assertClientRules(
  client: Pick<OAuthClientRow, 'type' | 'grantTypes' | 'redirectUris' | 'postLogoutRedirectUris'>,
): void {
  if (client.type === 'public' && client.grantTypes.includes('client_credentials')) {
    throw DomainError.invalid(
      'client.grant_type_invalid',
      'A public client has no secret, so it cannot use client_credentials.',
      'grantTypes',
    );
  }
  assertRedirectUris(client.redirectUris, client.type, 'redirectUris');
  assertRedirectUris(client.postLogoutRedirectUris, client.type, 'postLogoutRedirectUris');
}

/** Scopes that only mean something when a user signs in: an ID token, offline access. */
const USER_ONLY_SCOPES = ['openid', 'offline_access'];

/**
 * A client whose only grant is client_credentials never has a user to sign in, so `openid` and
 * `offline_access` could only mislead whoever reads its registration.
 */
export function assertMachineScopes(client: Pick<OAuthClientRow, 'grantTypes' | 'scopes'>): void {
  if (!actsForNoUser(client.grantTypes)) return;
  const userOnly = client.scopes.filter((scope) => USER_ONLY_SCOPES.includes(scope));
  if (userOnly.length === 0) return;
  const message =
    'A client whose only grant type is client_credentials acts for no user, ' +
    `so it cannot have: ${userOnly.join(' ')}.`;
  throw DomainError.invalid('client.scope_invalid', message, 'scopes');
}

export async function createClient(
  db: Database,
  hasher: SecretHasher,
  directory: Directory,
  tenant: TenantRef,
  input: NewClient,
  actor: EventActor,
  callerScopes: CallerScopes,
): Promise<{ client: OAuthClientRow; clientSecret: string | null }> {
  const stored = withStoredRedirectUris(input);
  const created = await db.transaction(async (em) => {
    const result = await insertClient(em, hasher, tenant, stored, actor);
    assertClientRules(result.client); // Checked on the defaults filled in, rolled back if bad.
    assertGrantsUsable(result.client);
    assertMachineScopes(result.client);
    if (isSystemTenant(tenant)) {
      assertSystemClientGrants(result.client);
      assertCallerOutranks(callerScopes, null, result.client);
    }
    return result;
  });
  await directory.invalidate('client', created.client.clientId);
  return created;
}

export async function listClients(
  db: Database,
  tenantId: string,
  request: PageRequest,
): Promise<Page<OAuthClientRow>> {
  const limit = pageLimit(request.limit);
  const rows = await db
    .em()
    .find(
      OAuthClientSchema,
      { tenantId, ...afterCursor(request.cursor) },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: limit + 1 },
    );
  return toPage(rows, limit, (row) => row);
}

/** A client of this tenant only: another tenant's client id is `client.not_found`. */
export async function getClient(
  em: EntityManager,
  tenantId: string,
  clientId: string,
): Promise<OAuthClientRow> {
  const client = await em.findOne(OAuthClientSchema, { tenantId, clientId });
  if (!client) throw DomainError.notFound('client.not_found', `No client ${clientId}.`);
  return client;
}

export async function updateClient(
  db: Database,
  directory: Directory,
  tenant: TenantRef,
  clientId: string,
  changes: ClientChanges,
  actor: EventActor,
  callerScopes: CallerScopes,
): Promise<OAuthClientRow> {
  const stored = withStoredRedirectUris(changes);
  const updated = await db.transaction(async (em) => {
    const client = await getClient(em, tenant.id, clientId);
    const next: OAuthClientRow = {
      ...client,
      ...withoutUndefined(stored),
      updatedAt: new Date(),
      version: client.version + 1,
    };
    assertClientRules(next);
    // Only when they change: a client registered before these rules stays editable.
    if (changes.grantTypes || changes.redirectUris) assertGrantsUsable(next);
    if (changes.grantTypes || changes.scopes) assertMachineScopes(next);
    if (isSystemTenant(tenant)) {
      assertSystemClientGrants(next);
      assertCallerOutranks(callerScopes, client, next);
      await assertKeepsFullAdmin(em, tenant.id, client, next);
    }
    const { id: _id, tenantId: _tenantId, clientId: _clientId, ...columns } = next;
    await em.nativeUpdate(OAuthClientSchema, { id: client.id, tenantId: tenant.id }, columns);
    await recordEvent(em, {
      type: 'client.updated',
      tenant: tenant.slug,
      actor,
      data: { clientId, fields: Object.keys(withoutUndefined(changes)) },
    });
    return next;
  });
  await directory.invalidate('client', clientId);
  return updated;
}

export async function deleteClient(
  db: Database,
  directory: Directory,
  tenant: TenantRef,
  clientId: string,
  actor: EventActor,
  callerScopes: CallerScopes,
): Promise<void> {
  await db.transaction(async (em) => {
    const client = await getClient(em, tenant.id, clientId);
    if (isSystemTenant(tenant)) {
      assertCallerOutranks(callerScopes, client, null);
      await assertKeepsFullAdmin(em, tenant.id, client, null);
    }
    // Its users' token families end with it: refresh tokens, and access tokens on the list.
    await revokeFamiliesWhere(
      em,
      tenant.id,
      { sql: 'client_id = ?', params: [clientId] },
      'client_deleted',
    );
    await em.nativeDelete(OAuthClientSchema, { id: client.id, tenantId: tenant.id });
    await recordEvent(em, {
      type: 'client.deleted',
      tenant: tenant.slug,
      actor,
      data: { clientId },
    });
  });
  await directory.invalidate('client', clientId);
}

/**
 * Replaces a confidential client's secret. The old one stops working at once, in every process
 * (there is no overlap window): deploy the new secret right after rotating.
 */
export async function rotateClientSecret(
  db: Database,
  hasher: SecretHasher,
  directory: Directory,
  tenant: TenantRef,
  clientId: string,
  actor: EventActor,
  callerScopes: CallerScopes,
): Promise<{ client: OAuthClientRow; clientSecret: string }> {
  const clientSecret = generateSecret();
  const rotated = await db.transaction(async (em) => {
    const client = await getClient(em, tenant.id, clientId);
    if (client.type !== 'confidential') {
      throw DomainError.conflict(
        'client.not_confidential',
        'A public client has no secret to rotate.',
      );
    }
    // The new secret is shown to the caller: rotating is taking over the client.
    if (isSystemTenant(tenant)) assertCallerOutranks(callerScopes, client, null);
    const changes = {
      secretHash: hasher.hash(clientSecret),
      updatedAt: new Date(),
      version: client.version + 1,
    };
    await em.nativeUpdate(OAuthClientSchema, { id: client.id, tenantId: tenant.id }, changes);
    await recordEvent(em, {
      type: 'client.secret_rotated',
      tenant: tenant.slug,
      actor,
      data: { clientId },
    });
    return { ...client, ...changes };
  });
  await directory.invalidate('client', clientId);
  return { client: rotated, clientSecret };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
