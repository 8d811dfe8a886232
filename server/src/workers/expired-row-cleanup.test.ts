import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenTenant } from '../../../test/support/fixtures.js';
import { waitFor } from '../../../test/support/wait.js';
import { startExpiredRowCleanup } from './expired-row-cleanup.js';

describe('expired-row cleanup in the worker role', () => {
  let container: TestContainer;
  let tenantId = '';

  beforeAll(async () => {
    container = await createTestContainer({ expiredRowGraceHours: 48, expiredRowBatchSize: 10 });
  });
  afterAll(async () => {
    if (tenantId) await container.db.em().execute('delete from tenants where id = ?', [tenantId]);
    await container?.close();
  });

  const givenCode = async (expiresAt: Date) => {
    const hash = randomBytes(16).toString('hex');
    await container.db.em().execute(
      `insert into authorization_codes (code_hash, tenant_id, client_id, user_id, redirect_uri,
         scope, sid, auth_time, acr, amr, resource, expires_at, created_at)
       values (?, ?, 'c1', ?, 'https://rp.test/cb', 'openid', 'sid', 1, '1', '[]', '[]', ?, ?)`,
      [hash, tenantId, randomUUID(), expiresAt, expiresAt],
    );
    return hash;
  };
  const codeExists = async (hash: string) =>
    (
      await container.db
        .em()
        .execute('select 1 from authorization_codes where code_hash = ?', [hash])
    ).length === 1;

  it('LATCHKEY_EXPIRED_ROW_GRACE_HOURS=48: 25 codes expired 3 days ago -> deleted (three batches of at most 10) and logged; one expired a day ago and a live one -> kept', async () => {
    tenantId = (await givenTenant(container)).id;
    // A moment in the past no real row lives in, so the run touches only this test's rows.
    const now = new Date('1982-03-01T00:00:00Z');
    const day = 24 * 3600 * 1000;
    const old = [];
    for (let i = 0; i < 25; i++) old.push(await givenCode(new Date(now.getTime() - 3 * day)));
    const recent = await givenCode(new Date(now.getTime() - day));
    const live = await givenCode(new Date('2100-01-01T00:00:00Z'));

    const stop = startExpiredRowCleanup(container, { everyMs: 60_000, now: () => now });
    let line: Record<string, unknown>;
    try {
      line = await waitFor(async () =>
        container.logLines.find((entry) => entry.message === 'deleted expired rows'),
      );
    } finally {
      stop();
    }

    expect(line.deleted).toEqual([{ kind: 'authorization_codes', rows: 25 }]);
    for (const hash of old) expect(await codeExists(hash)).toBe(false);
    expect(await codeExists(recent)).toBe(true);
    expect(await codeExists(live)).toBe(true);
  });
});
