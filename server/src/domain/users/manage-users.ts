import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Cache } from '../../adapters/cache/cache.js';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { Database, EntityManager } from '../../persistence/database.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import { type UserRow, UserSchema, type UserStatus } from '../../persistence/entities/user.js';
import { killUserTokens } from '../accounts/user-tokens.js';
import { toAsciiDomain } from '../domain-names.js';
import { DomainError } from '../errors.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from '../paging.js';
import { SessionStore } from '../sessions/index.js';
import { revokeTokensForUser } from '../tokens/revocation.js';
import { normalizeEmail } from './email.js';
import { type PasswordHasher, validatePassword } from './passwords.js';
import { findUserById } from './users.js';

type TenantRef = Pick<TenantRow, 'id' | 'slug'>;

/** What disabling and deleting need: the database, and the cache that holds the sessions. */
export interface UserDeps {
  db: Database;
  cache: Cache;
}

export interface UserQuery extends PageRequest {
  /** A prefix of the normalised email key (trimmed, NFC, lower-cased, IDN domain in ASCII). */
  email?: string;
}

export interface UserChanges {
  email?: string;
  password?: string;
  emailVerified?: boolean;
  givenName?: string | null;
  familyName?: string | null;
  locale?: string | null;
}

/** Lists a tenant's users oldest first; `email` keeps those whose email key starts with it. */
export async function listUsers(
  db: Database,
  tenantId: string,
  query: UserQuery,
): Promise<Page<UserRow>> {
  const limit = pageLimit(query.limit);
  const where: Record<string, unknown> = { tenantId, ...afterCursor(query.cursor) };
  const prefix = query.email === undefined ? '' : emailKeyPrefix(query.email);
  if (prefix) where.emailKey = { $like: `${prefix.replace(/[\\%_]/g, '\\$&')}%` };
  const rows = await db.em().find(UserSchema, where, {
    orderBy: { createdAt: 'asc', id: 'asc' },
    limit: limit + 1,
  });
  return toPage(rows, limit, (row) => row);
}

/**
 * The `email` filter as a prefix of email keys: trimmed, NFC, lower-cased, and a non-ASCII
 * domain after the `@` in its punycode form, as keys store it, so a whole Unicode address
 * finds its user (a part of a Unicode domain has no punycode prefix to find).
 */
function emailKeyPrefix(email: string): string {
  const prefix = email.trim().normalize('NFC').toLowerCase();
  const at = prefix.lastIndexOf('@');
  const domain = prefix.slice(at + 1);
  if (at < 0 || !/[^\p{ASCII}]/u.test(domain)) return prefix;
  const ascii = toAsciiDomain(domain);
  return ascii ? `${prefix.slice(0, at + 1)}${ascii}` : prefix;
}

/** A user of this tenant only: another tenant's user id is `user.not_found`. */
export async function getUser(em: EntityManager, tenantId: string, id: string): Promise<UserRow> {
  const user = await findUserById(em, tenantId, id);
  if (!user) throw DomainError.notFound('user.not_found', `No user ${id}.`);
  return user;
}

/**
 * Changes a user's profile. A new email is normalised like at sign-up, must stay unique, and
 * ends the reset and verification links mailed to the old one; a new password is hashed and
 * moves `passwordChangedAt`, which ends older sessions and resets.
 */
export async function updateUser(
  db: Database,
  passwords: PasswordHasher,
  tenant: TenantRef,
  id: string,
  changes: UserChanges,
  actor: EventActor,
): Promise<UserRow> {
  const now = new Date();
  const next: Partial<UserRow> = { updatedAt: now };
  if (changes.email !== undefined) Object.assign(next, normalizeEmail(changes.email));
  if (changes.password !== undefined) {
    next.passwordHash = await passwords.hash(validatePassword(changes.password));
    next.passwordChangedAt = now;
  }
  for (const key of ['emailVerified', 'givenName', 'familyName', 'locale'] as const) {
    if (changes[key] !== undefined) Object.assign(next, { [key]: changes[key] });
  }
  try {
    return await db.transaction(async (em) => {
      const user = await getUser(em, tenant.id, id);
      await em.nativeUpdate(UserSchema, { id: user.id, tenantId: tenant.id }, next);
      if (next.emailKey !== undefined && next.emailKey !== user.emailKey) {
        // Links mailed to the old address must not reset the password or verify the new one.
        await killUserTokens(em, tenant.id, user.id, 'reset_password');
        await killUserTokens(em, tenant.id, user.id, 'verify_email');
      }
      const fields = Object.entries(changes).flatMap(([key, v]) => (v === undefined ? [] : [key]));
      await recordEvent(em, {
        type: 'user.updated',
        tenant: tenant.slug,
        actor,
        data: { userId: user.id, fields },
      });
      return { ...user, ...next };
    });
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw DomainError.conflict(
      'user.email_taken',
      'A user with this email already exists.',
      'email',
    );
  }
}

/**
 * Disables or enables a user. Disabling also ends what the user already holds: every refresh
 * token family (and its live access tokens) in the same transaction as the status change, then
 * every hosted-page session. A user already in that state is answered as is, with no event, but
 * a repeated disable still ends anything left (a session the cache kept when the first failed).
 */
export async function setUserStatus(
  deps: UserDeps,
  tenant: TenantRef,
  id: string,
  status: Extract<UserStatus, 'active' | 'disabled'>,
  actor: EventActor,
): Promise<UserRow> {
  const user = await deps.db.transaction(async (em) => {
    const user = await getUser(em, tenant.id, id);
    const revoked =
      status === 'disabled'
        ? await revokeTokensForUser(em, tenant.id, user.id, 'user_disabled')
        : [];
    if (user.status === status) return user;
    const changes = { status, updatedAt: new Date() };
    await em.nativeUpdate(UserSchema, { id: user.id, tenantId: tenant.id }, changes);
    await recordEvent(em, {
      type: status === 'disabled' ? 'user.disabled' : 'user.enabled',
      tenant: tenant.slug,
      actor,
      data:
        status === 'disabled'
          ? { userId: user.id, tokenFamiliesRevoked: revoked.length }
          : { userId: user.id },
    });
    return { ...user, ...changes };
  });
  // Sessions live in the cache, outside the transaction: they end once the disable committed,
  // so a sign-in racing it cannot start a session the disable missed.
  if (status === 'disabled') await endUserSessions(deps, tenant, user.id);
  return user;
}

/** Deletes a user with their refresh tokens (in the same transaction) and then their sessions. */
export async function deleteUser(
  deps: UserDeps,
  tenant: TenantRef,
  id: string,
  actor: EventActor,
): Promise<void> {
  const userId = await deps.db.transaction(async (em) => {
    const user = await getUser(em, tenant.id, id);
    await em.nativeDelete(UserSchema, { id: user.id, tenantId: tenant.id });
    const revoked = await revokeTokensForUser(em, tenant.id, user.id, 'user_deleted');
    await recordEvent(em, {
      type: 'user.deleted',
      tenant: tenant.slug,
      actor,
      data: { userId: user.id, tokenFamiliesRevoked: revoked.length },
    });
    return user.id;
  });
  await endUserSessions(deps, tenant, userId);
}

async function endUserSessions(deps: UserDeps, tenant: TenantRef, userId: string): Promise<void> {
  await new SessionStore(deps.cache).destroyAllForUser(tenant.id, userId);
}
