import type { EntityManager } from '../../persistence/database.js';
import { revokeFamiliesWhere } from '../tokens/revocation.js';

export interface ConsentGrant {
  clientId: string;
  scopes: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** Whether the user has already approved every one of these scopes for this client. */
export async function hasConsent(
  em: EntityManager,
  tenantId: string,
  userId: string,
  clientId: string,
  scopes: string[],
): Promise<boolean> {
  const rows = await em.execute<Array<{ scopes: string[] }>>(
    'select scopes from consent_grants where tenant_id = ? and user_id = ? and client_id = ?',
    [tenantId, userId, clientId],
  );
  const granted = rows[0]?.scopes ?? null;
  return granted !== null && scopes.every((scope) => granted.includes(scope));
}

/** Remembers an approval, adding to what the user approved before for the same client. */
export async function rememberConsent(
  em: EntityManager,
  tenantId: string,
  userId: string,
  clientId: string,
  scopes: string[],
): Promise<void> {
  await em.execute(
    `insert into consent_grants (tenant_id, user_id, client_id, scopes, created_at, updated_at)
       values (?, ?, ?, ?, now(), now())
     on conflict (tenant_id, user_id, client_id) do update
       set scopes = (select jsonb_agg(distinct s) from jsonb_array_elements_text(
             consent_grants.scopes || excluded.scopes) as s),
           updated_at = now()`,
    [tenantId, userId, clientId, JSON.stringify(scopes)],
  );
}

/** The clients a user has approved, for the account page. */
export async function listConsents(
  em: EntityManager,
  tenantId: string,
  userId: string,
): Promise<ConsentGrant[]> {
  const rows = await em.execute<
    Array<{ client_id: string; scopes: string[]; created_at: Date; updated_at: Date }>
  >(
    `select client_id, scopes, created_at, updated_at from consent_grants
      where tenant_id = ? and user_id = ? order by updated_at desc`,
    [tenantId, userId],
  );
  return rows.map((row) => ({
    clientId: row.client_id,
    scopes: row.scopes,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  }));
}

/**
 * Withdraws a user's approval of a client, and ends the tokens the client holds for that user:
 * a consent that is gone must not live on in a refresh token. Returns whether one existed.
 */
export async function revokeConsent(
  em: EntityManager,
  tenantId: string,
  userId: string,
  clientId: string,
): Promise<boolean> {
  const removed = await em.execute<Array<{ client_id: string }>>(
    `delete from consent_grants where tenant_id = ? and user_id = ? and client_id = ?
      returning client_id`,
    [tenantId, userId, clientId],
  );
  await revokeFamiliesWhere(
    em,
    tenantId,
    { sql: 'user_id = ? and client_id = ?', params: [userId, clientId] },
    'consent_revoked',
  );
  return removed.length > 0;
}
