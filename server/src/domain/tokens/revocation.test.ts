import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { type GrantContext, openTokenFamily, recordAccessToken } from './families.js';
import { revokeTokensForSession, revokeTokensForUser } from './revocation.js';
import { RevocationList } from './revocation-list.js';
import { publicSessionId } from './session-ref.js';

describe('token revocation by session and by user', () => {
  let container: TestContainer;

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    await container?.close();
  });

  async function givenFamily(tenantId: string, userId: string, sid: string) {
    const grant: GrantContext = {
      tenantId,
      clientId: 'lk_client',
      userId,
      scope: 'openid',
      sid: publicSessionId(sid),
      authTime: 1,
      acr: '1',
      amr: ['pwd'],
      resource: [],
    };
    const jti = randomUUID();
    await container.db.transaction(async (em) => {
      const familyId = await openTokenFamily(em, grant);
      await recordAccessToken(em, tenantId, familyId, jti, Math.floor(Date.now() / 1000) + 600);
    });
    return jti;
  }

  it('revokeTokensForSession -> the access tokens of that session only are revoked', async () => {
    const tenant = await givenTenant(container);
    const user = randomUUID();
    const ended = await givenFamily(tenant.id, user, 'sid-1');
    const other = await givenFamily(tenant.id, user, 'sid-2');

    const revoked = await container.db.transaction((em) =>
      revokeTokensForSession(em, tenant.id, 'sid-1'),
    );

    expect(revoked).toHaveLength(1);
    expect(await new RevocationList(container.db).isRevoked(tenant.id, ended)).toBe(true);
    expect(await new RevocationList(container.db).isRevoked(tenant.id, other)).toBe(false);
  });

  it('revokeTokensForUser -> every family of the user, in that tenant only', async () => {
    const tenant = await givenTenant(container);
    const elsewhere = await givenTenant(container);
    const user = randomUUID();
    const first = await givenFamily(tenant.id, user, 'a');
    const second = await givenFamily(tenant.id, user, 'b');
    const foreign = await givenFamily(elsewhere.id, user, 'c');

    await container.db.transaction((em) => revokeTokensForUser(em, tenant.id, user));

    expect(await new RevocationList(container.db).isRevoked(tenant.id, first)).toBe(true);
    expect(await new RevocationList(container.db).isRevoked(tenant.id, second)).toBe(true);
    expect(await new RevocationList(container.db).isRevoked(elsewhere.id, foreign)).toBe(false);
  });
});
