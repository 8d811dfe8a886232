import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient } from '../../../../test/support/fixtures.js';
import { outboxEvents } from '../../../../test/support/outbox.js';
import { givenTokens, introspect, refresh } from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';

/** Deleting a client ends what it was given, as disabling a user does: at once, not at expiry. */
describe('a deleted client', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let admin: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    admin = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('its users access tokens -> 401 at userinfo and inactive; its refresh token -> refused; token.revoked recorded', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const resourceServer = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
    });
    const before = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);

    const deleted = await request(app)
      .delete(`/admin/v1/tenants/${tenant.slug}/clients/${client.clientId}`)
      .set('Authorization', `Bearer ${admin}`);
    const userinfo = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);
    const inspected = await introspect(
      app,
      tenant,
      resourceServer.client.clientId,
      resourceServer.clientSecret!,
      tokens.access_token,
    );
    const refreshed = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const revoked = await outboxEvents(container, 'token.revoked', tenant.slug);

    expect(before.status).toBe(200);
    expect(deleted.status).toBe(204);
    expect(userinfo.status).toBe(401);
    expect(inspected.body).toEqual({ active: false });
    expect(refreshed.status).toBe(401);
    expect(revoked.map((event) => event.data.reason)).toEqual(['client_deleted']);
  });

  it('its client-credentials tokens -> inactive at introspection, at once', async () => {
    const { tenant } = await givenTokens(app, container);
    const machine = await givenClient(container, tenant, { grantTypes: ['client_credentials'] });
    const resourceServer = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
    });
    const issued = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .auth(machine.client.clientId, machine.clientSecret!)
      .type('form')
      .send('grant_type=client_credentials');
    const inspect = () =>
      introspect(
        app,
        tenant,
        resourceServer.client.clientId,
        resourceServer.clientSecret!,
        issued.body.access_token,
      );
    const before = await inspect();

    await request(app)
      .delete(`/admin/v1/tenants/${tenant.slug}/clients/${machine.client.clientId}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
    const after = await inspect();

    expect(before.body.active).toBe(true);
    expect(after.body).toEqual({ active: false });
  });
});
