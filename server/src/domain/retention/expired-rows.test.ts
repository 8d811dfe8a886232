import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { givenUser } from '../../../../test/support/protocol.js';
import { RevocationList } from '../tokens/revocation-list.js';
import { deleteExpiredRows } from './expired-rows.js';

const DAY = 24 * 3600 * 1000;
const GRACE = { graceSeconds: 24 * 3600, batchSize: 100, maxBatches: 10 };
/** Far in the future: live whatever clock a test runs the cleanup with. */
const LIVE = new Date('2100-01-01T00:00:00Z');

/**
 * Each test runs the cleanup "at" its own moment in a past no real row lives in, so it deletes
 * only the rows the test placed there, even on a database other runs share.
 */
describe('deleteExpiredRows', () => {
  let container: TestContainer;
  const tenantIds: string[] = [];

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    // The rows a test kept would otherwise be "expired" in the next run's earlier moments.
    for (const id of tenantIds) await sql('delete from tenants where id = ?', [id]);
    await container?.close();
  });

  async function givenOwnTenant() {
    const tenant = await givenTenant(container);
    tenantIds.push(tenant.id);
    return tenant;
  }

  const sql = (text: string, params: unknown[]) => container.db.em().execute(text, params);
  const exists = async (table: string, key: string, value: string) =>
    (await sql(`select 1 from ${table} where ${key} = ?`, [value])).length === 1;

  async function givenCode(tenantId: string, expiresAt: Date) {
    const hash = randomBytes(16).toString('hex');
    await sql(
      `insert into authorization_codes (code_hash, tenant_id, client_id, user_id, redirect_uri,
         scope, sid, auth_time, acr, amr, resource, expires_at, created_at)
       values (?, ?, 'c1', ?, 'https://rp.test/cb', 'openid', 'sid', 1, '1', '[]', '[]', ?, ?)`,
      [hash, tenantId, randomUUID(), expiresAt, new Date(expiresAt.getTime() - 60_000)],
    );
    return hash;
  }

  async function givenFamily(tenantId: string, createdAt: Date, revokedAt: Date | null = null) {
    const id = randomUUID();
    await sql(
      `insert into token_families (id, tenant_id, client_id, user_id, scope, created_at, revoked_at)
       values (?, ?, 'c1', ?, 'openid', ?, ?)`,
      [id, tenantId, randomUUID(), createdAt, revokedAt],
    );
    return id;
  }

  async function givenRefreshToken(tenantId: string, familyId: string, expiresAt: Date) {
    const hash = randomBytes(16).toString('hex');
    await sql(
      `insert into refresh_tokens (token_hash, tenant_id, family_id, client_id, user_id, scope,
         auth_time, acr, amr, resource, expires_at, created_at)
       values (?, ?, ?, 'c1', ?, 'openid', 1, '1', '[]', '[]', ?, ?)`,
      [hash, tenantId, familyId, randomUUID(), expiresAt, new Date(expiresAt.getTime() - DAY)],
    );
    return hash;
  }

  async function givenAccessToken(tenantId: string, familyId: string | null, expiresAt: Date) {
    const jti = randomUUID();
    await sql(
      `insert into issued_access_tokens (jti, tenant_id, family_id, expires_at, revoked_at)
       values (?, ?, ?, ?, ?)`,
      [jti, tenantId, familyId, expiresAt, familyId ? null : expiresAt],
    );
    return jti;
  }

  async function givenLink(tenantId: string, userId: string, expiresAt: Date) {
    const id = randomUUID();
    await sql(
      `insert into user_tokens (id, tenant_id, user_id, purpose, token_hash, created_at, expires_at)
       values (?, ?, ?, 'verify_email', ?, ?, ?)`,
      [id, tenantId, userId, randomBytes(16).toString('hex'), expiresAt, expiresAt],
    );
    return id;
  }

  it('codes, refresh tokens, revocation-list entries and mailed links expired before the grace period -> deleted; expired within it or live -> kept', async () => {
    const now = new Date('2000-07-01T00:00:00Z');
    const longAgo = new Date(now.getTime() - 3 * DAY);
    const lately = new Date(now.getTime() - DAY / 2);
    const tenant = await givenOwnTenant();
    const user = await givenUser(container, tenant);
    const family = await givenFamily(tenant.id, longAgo);
    await givenRefreshToken(tenant.id, family, LIVE);
    const rows = {} as Record<string, Array<[string, string, string]>>;
    for (const [age, at] of [
      ['old', longAgo],
      ['recent', lately],
      ['live', LIVE],
    ] as const) {
      rows[age] = [
        ['authorization_codes', 'code_hash', await givenCode(tenant.id, at)],
        ['refresh_tokens', 'token_hash', await givenRefreshToken(tenant.id, family, at)],
        ['issued_access_tokens', 'jti', await givenAccessToken(tenant.id, family, at)],
        ['issued_access_tokens', 'jti', await givenAccessToken(tenant.id, null, at)],
        ['user_tokens', 'id', await givenLink(tenant.id, user.id, at)],
      ];
    }

    await deleteExpiredRows(container.db, GRACE, now);

    for (const [table, key, value] of rows.old ?? []) {
      expect([table, await exists(table, key, value)]).toEqual([table, false]);
    }
    for (const [table, key, value] of [...(rows.recent ?? []), ...(rows.live ?? [])]) {
      expect([table, await exists(table, key, value)]).toEqual([table, true]);
    }
    expect(await exists('token_families', 'id', family)).toBe(true);
  });

  it('token families: empty and revoked or opened before the grace period -> deleted with the tokens of a long-revoked family; revoked lately, still holding a token, or with a revoked access token not yet expired -> kept', async () => {
    const now = new Date('1995-07-01T00:00:00Z');
    const longAgo = new Date(now.getTime() - 30 * DAY);
    const lately = new Date(now.getTime() - DAY / 2);
    const tenant = await givenOwnTenant();
    const revokedLongAgo = await givenFamily(tenant.id, longAgo, longAgo);
    const itsRefreshToken = await givenRefreshToken(tenant.id, revokedLongAgo, LIVE);
    const abandoned = await givenFamily(tenant.id, longAgo);
    const revokedLately = await givenFamily(tenant.id, longAgo, lately);
    const stillUsed = await givenFamily(tenant.id, longAgo);
    await givenRefreshToken(tenant.id, stillUsed, LIVE);
    const revokedWithLiveAccess = await givenFamily(tenant.id, longAgo, longAgo);
    const liveJti = await givenAccessToken(tenant.id, revokedWithLiveAccess, LIVE);

    await deleteExpiredRows(container.db, GRACE, now);

    expect(await exists('refresh_tokens', 'token_hash', itsRefreshToken)).toBe(false);
    expect(await exists('token_families', 'id', revokedLongAgo)).toBe(false);
    expect(await exists('token_families', 'id', abandoned)).toBe(false);
    expect(await exists('token_families', 'id', revokedLately)).toBe(true);
    expect(await exists('token_families', 'id', stillUsed)).toBe(true);
    expect(await exists('token_families', 'id', revokedWithLiveAccess)).toBe(true);
    expect(await new RevocationList(container.db).isRevoked(tenant.id, liveJti)).toBe(true);
  });

  it('a backlog of 5 expired codes with batches of 2 -> a run limited to 1 batch deletes 2; an unlimited run deletes the rest', async () => {
    const now = new Date('1990-07-01T00:00:00Z');
    const tenant = await givenOwnTenant();
    for (let i = 0; i < 5; i++) await givenCode(tenant.id, new Date(now.getTime() - 2 * DAY));
    const left = async () =>
      (await sql('select 1 from authorization_codes where tenant_id = ?', [tenant.id])).length;

    const bounded = await deleteExpiredRows(
      container.db,
      { ...GRACE, batchSize: 2, maxBatches: 1 },
      now,
    );
    const afterBounded = await left();
    const rest = await deleteExpiredRows(container.db, { ...GRACE, batchSize: 2 }, now);

    expect(bounded.authorization_codes).toBe(2);
    expect(afterBounded).toBe(3);
    expect(rest.authorization_codes).toBe(3);
    expect(await left()).toBe(0);
  });

  it('nothing expired before the cutoff -> an empty count, nothing deleted', async () => {
    const now = new Date('1985-07-01T00:00:00Z');
    const tenant = await givenOwnTenant();
    const code = await givenCode(tenant.id, new Date(now.getTime() - DAY / 2));

    const deleted = await deleteExpiredRows(container.db, GRACE, now);

    expect(deleted).toEqual({});
    expect(await exists('authorization_codes', 'code_hash', code)).toBe(true);
  });
});
