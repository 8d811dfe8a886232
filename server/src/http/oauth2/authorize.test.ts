import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  basic,
  bindingCookieOf,
  givenUser,
  givenWebClient,
  obtainCode,
  pkcePair,
  REDIRECT,
  signIn,
} from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';

describe('GET /t/:tenant/authorize and the code exchange', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('not signed in -> 302 to the hosted login with an interaction the pages can read', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const { challenge } = pkcePair();

    const res = await request(app).get(`/t/${tenant.slug}/authorize`).query({
      client_id: client.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: 'xyz',
      login_hint: 'ada@example.test',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });

    expect(res.status).toBe(302);
    const location = new URL(res.headers.location as string);
    expect(location.pathname).toBe(`/t/${tenant.slug}/login`);
    expect(location.searchParams.get('interaction')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('signed in, first-party -> code with state and iss; exchange -> tokens with ID token claims', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user);
    const { verifier, challenge } = pkcePair();

    const code = await obtainCode(app, tenant, cookie, {
      client_id: client.clientId,
      scope: 'openid email offline_access',
      nonce: 'n-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const res = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', basic(client.clientId, clientSecret!))
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      });

    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'openid email offline_access' });
    expect(res.body.refresh_token).toEqual(expect.any(String));
    const id = decodeJwt(res.body.id_token);
    expect(id).toMatchObject({
      sub: user.id,
      aud: client.clientId,
      nonce: 'n-1',
      email: user.email,
      amr: ['pwd'],
    });
    expect(id.at_hash).toEqual(expect.any(String));
    expect(id.sid).toEqual(expect.any(String));
  });

  it('GET /authorize/resume after sign-in -> the stored request continues to a code; unknown id -> 400 page', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { challenge } = pkcePair();
    const started = await request(app).get(`/t/${tenant.slug}/authorize`).query({
      client_id: client.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'st-9',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const interaction = new URL(started.headers.location as string).searchParams.get('interaction');
    const { cookie } = await signIn(container, tenant, user);
    const browser = `${cookie}; ${bindingCookieOf(started)}`;

    const resumed = await request(app)
      .get(`/t/${tenant.slug}/authorize/resume`)
      .query({ interaction })
      .set('Cookie', browser);
    const replayed = await request(app)
      .get(`/t/${tenant.slug}/authorize/resume`)
      .query({ interaction })
      .set('Cookie', browser);

    const back = new URL(resumed.headers.location as string);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-9');
    expect(back.searchParams.get('code')).toBeTruthy();
    expect(replayed.status).toBe(400);
    expect(replayed.headers.location).toBeUndefined();
  });
});
