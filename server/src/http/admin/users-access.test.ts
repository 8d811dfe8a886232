import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  exchangeCode,
  givenUser,
  givenWebClient,
  introspect,
  obtainCode,
  pkcePair,
  refresh,
  signIn,
} from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import type { UserRow } from '../../persistence/entities/user.js';

/** What an administrator disabling or deleting a user ends: tokens, sessions, all at once. */
describe('admin API: disabling or deleting a user ends their tokens and sessions', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let adminToken: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    adminToken = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  const admin = () => ({ Authorization: `Bearer ${adminToken}` });

  /** A tenant with a web client, ready to hand out tokens to its users. */
  async function givenApp() {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant);
    return { tenant, clientId: client.clientId, secret: clientSecret as string };
  }

  /** A signed-in browser of `user` and the tokens an authorization code got it. */
  async function givenSignedIn(where: Awaited<ReturnType<typeof givenApp>>, user?: UserRow) {
    const { tenant, clientId, secret } = where;
    const who = user ?? (await givenUser(container, tenant));
    const { cookie } = await signIn(container, tenant, who);
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(app, tenant, cookie, {
      client_id: clientId,
      scope: 'openid email offline_access',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await exchangeCode(
      app,
      tenant,
      { clientId, secret },
      { code, code_verifier: verifier },
    );
    if (res.status !== 200) throw new Error(`exchange answered ${res.status}: ${res.text}`);
    const tokens = res.body as { access_token: string; refresh_token: string };
    return { user: who, cookie, ...tokens };
  }

  const userinfo = (tenant: TenantRow, accessToken: string) =>
    request(app).get(`/t/${tenant.slug}/userinfo`).set('Authorization', `Bearer ${accessToken}`);
  const accountPage = (tenant: TenantRow, cookie: string) =>
    request(app).get(`/t/${tenant.slug}/account`).set('Cookie', cookie);

  it('POST disable -> refresh 400 invalid_grant, userinfo 401 invalid_token, introspection inactive, signed out of the hosted pages', async () => {
    const where = await givenApp();
    const { tenant, clientId, secret } = where;
    const first = await givenSignedIn(where);
    const second = await givenSignedIn(where, first.user);
    expect((await accountPage(tenant, first.cookie)).status).toBe(200);

    const disabled = await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users/${first.user.id}/disable`)
      .set(admin());

    expect(disabled.status).toBe(200);
    const refreshed = await refresh(app, tenant, clientId, secret, first.refresh_token);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    const info = await userinfo(tenant, second.access_token);
    expect(info.status).toBe(401);
    expect(info.headers['www-authenticate']).toContain('error="invalid_token"');
    const inspected = await introspect(app, tenant, clientId, secret, first.access_token);
    expect(inspected.body).toEqual({ active: false });
    const inspectedRefresh = await introspect(app, tenant, clientId, secret, second.refresh_token);
    expect(inspectedRefresh.body).toEqual({ active: false });
    for (const cookie of [first.cookie, second.cookie]) {
      const page = await accountPage(tenant, cookie);
      expect(page.status).toBe(303);
      expect(page.headers.location).toContain(`/t/${tenant.slug}/login`);
    }
  });

  it("POST disable -> another user's tokens and session of the same tenant keep working", async () => {
    const where = await givenApp();
    const { tenant, clientId, secret } = where;
    const disabledUser = await givenSignedIn(where);
    const bystander = await givenSignedIn(where);

    await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users/${disabledUser.user.id}/disable`)
      .set(admin());

    const refreshed = await refresh(app, tenant, clientId, secret, bystander.refresh_token);
    expect(refreshed.status).toBe(200);
    expect((await userinfo(tenant, bystander.access_token)).status).toBe(200);
    expect((await accountPage(tenant, bystander.cookie)).status).toBe(200);
  });

  it('POST disable -> one user.disabled with the count of families and a token.revoked per family, reason user_disabled', async () => {
    const where = await givenApp();
    const { tenant } = where;
    const first = await givenSignedIn(where);
    await givenSignedIn(where, first.user);

    await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users/${first.user.id}/disable`)
      .set(admin());
    await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users/${first.user.id}/disable`)
      .set(admin());

    const rows = (await container.db.em().execute(
      `select type, data from outbox_events
        where tenant_id = ? and destination is null
          and type in ('user.disabled', 'token.revoked') order by id`,
      [tenant.slug],
    )) as Array<{ type: string; data: Record<string, unknown> }>;
    expect(rows.map((row) => row.type)).toEqual([
      'token.revoked',
      'token.revoked',
      'user.disabled',
    ]);
    expect(rows[2]?.data).toEqual({ userId: first.user.id, tokenFamiliesRevoked: 2 });
    expect(rows[0]?.data).toMatchObject({ clientId: where.clientId, reason: 'user_disabled' });
    expect(rows[0]?.data.jtis).toHaveLength(1);
  });

  it('POST enable after disable -> the old refresh token stays dead; a new sign-in gets working tokens', async () => {
    const where = await givenApp();
    const { tenant, clientId, secret } = where;
    const before = await givenSignedIn(where);
    const path = `/admin/v1/tenants/${tenant.slug}/users/${before.user.id}`;
    await request(app).post(`${path}/disable`).set(admin());

    await request(app).post(`${path}/enable`).set(admin());

    const old = await refresh(app, tenant, clientId, secret, before.refresh_token);
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('invalid_grant');
    const after = await givenSignedIn(where, before.user);
    expect((await refresh(app, tenant, clientId, secret, after.refresh_token)).status).toBe(200);
  });

  it('DELETE -> 204; refresh 400 invalid_grant, access token inactive, signed out, token.revoked reason user_deleted', async () => {
    const where = await givenApp();
    const { tenant, clientId, secret } = where;
    const held = await givenSignedIn(where);

    const deleted = await request(app)
      .delete(`/admin/v1/tenants/${tenant.slug}/users/${held.user.id}`)
      .set(admin());

    expect(deleted.status).toBe(204);
    const refreshed = await refresh(app, tenant, clientId, secret, held.refresh_token);
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
    const inspected = await introspect(app, tenant, clientId, secret, held.access_token);
    expect(inspected.body).toEqual({ active: false });
    expect((await userinfo(tenant, held.access_token)).status).toBe(401);
    expect((await accountPage(tenant, held.cookie)).status).toBe(303);
    const rows = (await container.db.em().execute(
      `select type, data from outbox_events
        where tenant_id = ? and destination is null
          and type in ('user.deleted', 'token.revoked') order by id`,
      [tenant.slug],
    )) as Array<{ type: string; data: Record<string, unknown> }>;
    expect(rows.map((row) => row.type)).toEqual(['token.revoked', 'user.deleted']);
    expect(rows[0]?.data.reason).toBe('user_deleted');
    expect(rows[1]?.data).toEqual({ userId: held.user.id, tokenFamiliesRevoked: 1 });
  });
});
