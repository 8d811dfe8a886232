import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as client from 'openid-client';
import { createApp } from '../../server/src/app.js';
import { insertUser } from '../../server/src/domain/users/users.js';
import { Browser } from '../support/browser.js';
import { createTestContainer, type TestContainer } from '../support/container.js';
import { givenClient, givenTenant } from '../support/fixtures.js';
import { freePort } from '../support/ports.js';

const REDIRECT = 'https://rp.test/cb';
const AFTER_LOGOUT = 'https://rp.test/bye';
const PASSWORD = 'correct horse battery staple';

describe('openid-client 6 as the relying party', () => {
  let container: TestContainer;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    container = await createTestContainer({ publicUrl: origin });
    server = createServer(createApp(container)).listen(port, '127.0.0.1');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await container?.close();
  });

  async function givenRelyingParty() {
    const tenant = await givenTenant(container);
    const registered = await givenClient(container, tenant, {
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: [AFTER_LOGOUT],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      firstParty: true,
    });
    const user = await container.db.transaction((em) =>
      insertUser(
        em,
        container.crypto.passwords,
        tenant,
        { email: 'ada@example.test', password: PASSWORD, emailVerified: true, givenName: 'Ada' },
        { type: 'system' },
      ),
    );
    const config = await client.discovery(
      new URL(`${origin}/t/${tenant.slug}`),
      registered.client.clientId,
      undefined,
      client.ClientSecretBasic(registered.clientSecret!),
      { execute: [client.allowInsecureRequests] },
    );
    return { tenant, config, user };
  }

  /** Authorize, sign in on the hosted page with its real form, and come back with the code. */
  async function signInThroughPages(config: client.Configuration, browser: Browser) {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid profile email offline_access',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const login = await browser.go(url.toString());
    expect(new URL(login.url).pathname).toMatch(/\/login$/);
    const back = await browser.go(login.url, {
      method: 'POST',
      form: { _csrf: browser.field('_csrf'), email: 'ada@example.test', password: PASSWORD },
    });
    if (!back.left)
      throw new Error(`no redirect to the client: ${back.status} ${browser.page.slice(0, 300)}`);
    return { callback: back.left, verifier, state, nonce };
  }

  it('discovery, code + PKCE through the hosted sign-in, ID token, userinfo, refresh rotation, introspection, revocation, logout', async () => {
    const { config, user } = await givenRelyingParty();
    const browser = new Browser(origin);

    const { callback, verifier, state, nonce } = await signInThroughPages(config, browser);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    const reuse = await client
      .refreshTokenGrant(config, tokens.refresh_token!)
      .catch((error: unknown) => error);
    const afterReuse = await client.tokenIntrospection(config, refreshed.access_token);
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye-1',
    });
    const confirm = await browser.go(endSession.toString());
    const loggedOut = await browser.go(confirm.url, {
      method: 'POST',
      form: { _csrf: browser.field('_csrf'), logout: browser.field('logout') },
    });

    expect(claims).toMatchObject({ sub: user.id, nonce, email: 'ada@example.test', amr: ['pwd'] });
    expect(claims.auth_time).toEqual(expect.any(Number));
    expect(userinfo).toMatchObject({ sub: user.id, email: 'ada@example.test', given_name: 'Ada' });
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(reuse).toBeInstanceOf(client.ResponseBodyError);
    expect((reuse as client.ResponseBodyError).error).toBe('invalid_grant');
    expect(afterReuse.active).toBe(false);
    expect(loggedOut.left?.toString()).toBe(`${AFTER_LOGOUT}?state=bye-1`);
  });

  it('introspection and revocation of a fresh access token', async () => {
    const { config } = await givenRelyingParty();
    const browser = new Browser(origin);
    const { callback, verifier, state, nonce } = await signInThroughPages(config, browser);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });

    const live = await client.tokenIntrospection(config, tokens.access_token);
    await client.tokenRevocation(config, tokens.access_token);
    const revoked = await client.tokenIntrospection(config, tokens.access_token);

    expect(live).toMatchObject({ active: true, scope: 'openid profile email offline_access' });
    expect(revoked.active).toBe(false);
  });

  it('client credentials -> an RFC 9068 token that introspects as active', async () => {
    const { config } = await givenRelyingParty();

    const tokens = await client.clientCredentialsGrant(config, { scope: 'openid' });
    const inspected = await client.tokenIntrospection(config, tokens.access_token);

    expect(tokens.token_type).toBe('bearer');
    expect(inspected).toMatchObject({ active: true, client_id: config.clientMetadata().client_id });
  });
});
