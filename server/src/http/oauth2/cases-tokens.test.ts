import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt, SignJWT } from 'jose';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import { outboxEvents } from '../../../../test/support/outbox.js';
import {
  basic,
  exchangeCode,
  givenTokens,
  givenUser,
  givenWebClient,
  introspect,
  obtainCode,
  pkcePair,
  REDIRECT,
  refresh,
  signIn,
} from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';

describe('token endpoint cases', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  async function countEvents(type: string, tenantSlug: string) {
    return (await outboxEvents(container, type, tenantSlug)).length;
  }

  it('C-CODE-1 code redeemed twice (at once and 30 s later) -> 400 invalid_grant, and what the first use issued is revoked', async () => {
    const given = await givenTokens(app, container);
    const { tenant, client, secret, code, verifier, tokens } = given;

    const again = await exchangeCode(
      app,
      tenant,
      { clientId: client.clientId, secret },
      { code, code_verifier: verifier },
    );
    await container.db.em().execute(
      `update authorization_codes set created_at = created_at - interval '30 seconds',
         used_at = used_at - interval '30 seconds' where tenant_id = ?`,
      [tenant.id],
    );
    const later = await exchangeCode(
      app,
      tenant,
      { clientId: client.clientId, secret },
      { code, code_verifier: verifier },
    );
    const userinfo = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);
    const inspected = await introspect(app, tenant, client.clientId, secret, tokens.access_token);
    const refreshed = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);

    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(later.status).toBe(400);
    expect(later.body.error).toBe('invalid_grant');
    expect(userinfo.status).toBe(401);
    expect(inspected.body).toEqual({ active: false });
    expect(refreshed.status).toBe(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('C-RT-1 RT1 -> AT2 and RT2; RT1 again -> 400 invalid_grant, RT2 and AT2 revoked, one token.reuse_detected', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);

    const first = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const reuse = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const second = await refresh(app, tenant, client.clientId, secret, first.body.refresh_token);
    const at2 = await introspect(app, tenant, client.clientId, secret, first.body.access_token);

    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');
    expect(second.status).toBe(400);
    expect(second.body.error).toBe('invalid_grant');
    expect(at2.body).toEqual({ active: false });
    expect(await countEvents('token.reuse_detected', tenant.slug)).toBe(1);
  });

  it('one refresh token presented 8 times at once -> exactly one 200; the rest 400 invalid_grant and the family revoked, the winner included', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);

    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        refresh(app, tenant, client.clientId, secret, tokens.refresh_token),
      ),
    );
    const winners = answers.filter((res) => res.status === 200);
    const losers = answers.filter((res) => res.status !== 200);
    const winner = winners[0]!.body as { access_token: string; refresh_token: string };
    const winnerAccess = await introspect(
      app,
      tenant,
      client.clientId,
      secret,
      winner.access_token,
    );
    const winnerRefresh = await refresh(app, tenant, client.clientId, secret, winner.refresh_token);

    expect(winners).toHaveLength(1);
    expect(losers.map((res) => [res.status, res.body.error])).toEqual(
      Array.from({ length: 7 }, () => [400, 'invalid_grant']),
    );
    expect(winnerAccess.body).toEqual({ active: false });
    expect(winnerRefresh.status).toBe(400);
    expect(await countEvents('token.refreshed', tenant.slug)).toBe(1);
    expect(await countEvents('token.reuse_detected', tenant.slug)).toBeGreaterThanOrEqual(1);
  });

  it('a refresh -> an ID token with the user claims of the scope, and one token.refreshed naming the new access token', async () => {
    const { tenant, client, secret, user, tokens } = await givenTokens(app, container);

    const res = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const idToken = decodeJwt(res.body.id_token);
    const accessToken = decodeJwt(res.body.access_token);
    const [event] = await outboxEvents(container, 'token.refreshed', tenant.slug);

    expect(res.status).toBe(200);
    expect(idToken).toMatchObject({ sub: user.id, email: user.email, email_verified: true });
    expect(accessToken).toMatchObject({ sub: user.id, scope: 'openid email offline_access' });
    expect(event).toMatchObject({
      actor: { type: 'user', id: user.id },
      data: { clientId: client.clientId, jti: accessToken.jti, scope: accessToken.scope },
    });
  });

  it('C-TOKEN-1 wrong secret, unknown grant, grant_type=password, missing code -> RFC 6749 §5.2 bodies with no-store', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant);
    const post = (auth: string, form: Record<string, string>) =>
      request(app)
        .post(`/t/${tenant.slug}/token`)
        .set('Authorization', auth)
        .type('form')
        .send(form);
    const good = basic(client.clientId, clientSecret!);

    const wrong = await post(basic(client.clientId, 'nope'), {
      grant_type: 'authorization_code',
      code: 'x',
    });
    const unknown = await post(good, { grant_type: 'urn:example:made-up' });
    const password = await post(good, { grant_type: 'password', username: 'a', password: 'b' });
    const noCode = await post(good, { grant_type: 'authorization_code', redirect_uri: REDIRECT });

    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    expect(wrong.body.error).toBe('invalid_client');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
    expect(password.status).toBe(400);
    expect(password.body.error).toBe('unsupported_grant_type');
    expect(noCode.status).toBe(400);
    expect(noCode.body.error).toBe('invalid_request');
    for (const res of [wrong, unknown, password, noCode]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(Object.keys(res.body).sort()).toEqual(['error', 'error_description']);
    }
    expect(await countEvents('client.authentication_failed', tenant.slug)).toBe(1);
  });

  it('C-AT-1 GET /userinfo?access_token=... -> 401, even with a valid token', async () => {
    const { tenant, tokens } = await givenTokens(app, container);

    const inQuery = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .query({ access_token: tokens.access_token });
    const inHeader = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);
    const inBody = await request(app)
      .post(`/t/${tenant.slug}/userinfo`)
      .type('form')
      .send({ access_token: tokens.access_token });

    expect(inQuery.status).toBe(401);
    expect(inQuery.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(inHeader.status).toBe(200);
    expect(inBody.status).toBe(200);
  });

  it('GET /userinfo with no credentials -> 401 with the bare Bearer challenge (RFC 6750 §3.1: no error code)', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app).get(`/t/${tenant.slug}/userinfo`);
    const basic = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', 'Basic YTpi');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(basic.status).toBe(401);
    expect(basic.headers['www-authenticate']).toBe('Bearer');
  });

  it('C-JWT-1 an ID token rewritten to alg none / None / nOnE, or re-signed HS256 -> 401 at userinfo and the admin API', async () => {
    const { tenant, tokens, user } = await givenTokens(app, container);
    const [, payload] = tokens.id_token.split('.');
    const unsigned = ['none', 'None', 'nOnE'].map(
      (alg) =>
        `${Buffer.from(JSON.stringify({ alg, typ: 'at+jwt' })).toString('base64url')}.${payload}.`,
    );
    const hs256 = await new SignJWT({ client_id: 'x', scope: 'openid', jti: 'j' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(user.id)
      .setIssuer(`${container.config.publicUrl}/t/${tenant.slug}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-secret-anyone-could-pick-0123456789'));

    for (const token of [...unsigned, hs256]) {
      const userinfo = await request(app)
        .get(`/t/${tenant.slug}/userinfo`)
        .set('Authorization', `Bearer ${token}`);
      const admin = await request(app)
        .get('/admin/v1/tenants')
        .set('Authorization', `Bearer ${token}`);
      expect(userinfo.status).toBe(401);
      expect(admin.status).toBe(401);
    }
  });

  it('a code presented by another client -> 400 invalid_grant', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const other = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user);
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(app, tenant, cookie, {
      client_id: client.clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    const res = await exchangeCode(
      app,
      tenant,
      { clientId: other.client.clientId, secret: other.clientSecret },
      { code, code_verifier: verifier },
    );

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('an expired code -> 400 invalid_grant', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user);
    const { verifier, challenge } = pkcePair();
    const code = await obtainCode(app, tenant, cookie, {
      client_id: client.clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    await container.db
      .em()
      .execute(
        `update authorization_codes set expires_at = now() - interval '1 second' where tenant_id = ?`,
        [tenant.id],
      );

    const res = await exchangeCode(
      app,
      tenant,
      { clientId: client.clientId, secret: clientSecret },
      { code, code_verifier: verifier },
    );

    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('a refresh token of another client -> 400 invalid_grant, and it still works for its own client', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const other = await givenWebClient(container, tenant);

    const stolen = await refresh(
      app,
      tenant,
      other.client.clientId,
      other.clientSecret!,
      tokens.refresh_token,
    );
    const own = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);

    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    expect(own.status).toBe(200);
  });

  it('a refresh asking for a scope or resource outside its grant -> 400; the token still refreshes, no reuse is reported', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const ask = (extra: Record<string, string>) =>
      request(app)
        .post(`/t/${tenant.slug}/token`)
        .auth(client.clientId, secret)
        .type('form')
        .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, ...extra });

    const wider = await ask({ scope: 'openid admin:everything' });
    const elsewhere = await ask({ resource: 'https://elsewhere.example/api' });
    const plain = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const access = await introspect(app, tenant, client.clientId, secret, plain.body.access_token);

    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('invalid_target');
    expect(plain.status).toBe(200);
    expect(access.body.active).toBe(true);
    expect(await countEvents('token.reuse_detected', tenant.slug)).toBe(0);
  });

  it('a refresh with scope= (empty) or stray spaces -> treated as the scopes named, not a server error', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const send = (token: string, scope: string) =>
      request(app)
        .post(`/t/${tenant.slug}/token`)
        .auth(client.clientId, secret)
        .type('form')
        .send(`grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}&scope=${scope}`);

    const empty = await send(tokens.refresh_token, '');
    const spaced = await send(empty.body.refresh_token, '%20openid%20%20email');

    expect(empty.status).toBe(200);
    expect(empty.body.scope).toBe('openid email offline_access');
    expect(spaced.status).toBe(200);
    expect(spaced.body.scope).toBe('openid email');
  });

  it('a token of tenant A at tenant B -> 401 at userinfo, active:false at introspection', async () => {
    const { tokens } = await givenTokens(app, container);
    const tenantB = await givenTenant(container);
    const rs = await givenClient(container, tenantB, { grantTypes: ['client_credentials'] });

    const userinfo = await request(app)
      .get(`/t/${tenantB.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);
    const inspected = await introspect(
      app,
      tenantB,
      rs.client.clientId,
      rs.clientSecret!,
      tokens.access_token,
    );

    expect(userinfo.status).toBe(401);
    expect(inspected.status).toBe(200);
    expect(inspected.body).toEqual({ active: false });
  });

  it('POST /revoke a refresh token -> 200; the family is dead: refresh 400, access token inactive', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);

    const revoked = await request(app)
      .post(`/t/${tenant.slug}/revoke`)
      .set('Authorization', basic(client.clientId, secret))
      .type('form')
      .send({ token: tokens.refresh_token, token_type_hint: 'refresh_token' });
    const refreshed = await refresh(app, tenant, client.clientId, secret, tokens.refresh_token);
    const inspected = await introspect(app, tenant, client.clientId, secret, tokens.access_token);

    expect(revoked.status).toBe(200);
    expect(refreshed.body.error).toBe('invalid_grant');
    expect(inspected.body).toEqual({ active: false });
  });

  it('POST /revoke an access token -> 200; userinfo 401; an unknown token is 200 too', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const revoke = (token: string) =>
      request(app)
        .post(`/t/${tenant.slug}/revoke`)
        .set('Authorization', basic(client.clientId, secret))
        .type('form')
        .send({ token });

    const revoked = await revoke(tokens.access_token);
    const unknown = await revoke('not-a-token');
    const userinfo = await request(app)
      .get(`/t/${tenant.slug}/userinfo`)
      .set('Authorization', `Bearer ${tokens.access_token}`);

    expect(revoked.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(userinfo.status).toBe(401);
  });

  it('POST /revoke by another client (RFC 7009 §2.1) -> 400 unauthorized_client, and the tokens stay live', async () => {
    const { tenant, client, secret, tokens } = await givenTokens(app, container);
    const other = await givenWebClient(container, tenant);
    const revokeAs = (clientId: string, clientSecret: string, token: string) =>
      request(app)
        .post(`/t/${tenant.slug}/revoke`)
        .set('Authorization', basic(clientId, clientSecret))
        .type('form')
        .send({ token });

    const access = await revokeAs(other.client.clientId, other.clientSecret!, tokens.access_token);
    const refreshToken = await revokeAs(
      other.client.clientId,
      other.clientSecret!,
      tokens.refresh_token,
    );
    const stillLive = await introspect(app, tenant, client.clientId, secret, tokens.access_token);
    const stillRefreshes = await refresh(
      app,
      tenant,
      client.clientId,
      secret,
      tokens.refresh_token,
    );

    expect(access.status).toBe(400);
    expect(access.body).toEqual({
      error: 'unauthorized_client',
      error_description: 'This token was not issued to this client.',
    });
    expect(refreshToken.status).toBe(400);
    expect(stillLive.body.active).toBe(true);
    expect(stillRefreshes.status).toBe(200);
  });

  it('introspection of a live access token -> active with its claims; by a public client -> 401', async () => {
    const { tenant, client, secret, tokens, user } = await givenTokens(app, container);
    const cli = await givenClient(container, tenant, { type: 'public', redirectUris: [REDIRECT] });

    const res = await introspect(app, tenant, client.clientId, secret, tokens.access_token);
    const byPublic = await request(app)
      .post(`/t/${tenant.slug}/introspect`)
      .type('form')
      .send({ client_id: cli.client.clientId, token: tokens.access_token });

    expect(res.body).toMatchObject({
      active: true,
      sub: user.id,
      client_id: client.clientId,
      token_type: 'Bearer',
    });
    expect(byPublic.status).toBe(401);
  });
});
