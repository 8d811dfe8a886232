import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as oauth from 'oauth4webapi';
import { createApp } from '../../server/src/app.js';
import { insertUser } from '../../server/src/domain/users/users.js';
import { Browser } from '../support/browser.js';
import { createTestContainer, type TestContainer } from '../support/container.js';
import { givenClient, givenTenant } from '../support/fixtures.js';
import { freePort } from '../support/ports.js';

const REDIRECT = 'http://127.0.0.1/cb';
const PASSWORD = 'correct horse battery staple';
const insecure = { [oauth.allowInsecureRequests]: true };

describe('oauth4webapi 3 (strict) with a public native client', () => {
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

  it('discovery, code + PKCE with a loopback port, ID token, userinfo, JWT access token, refresh, revocation', async () => {
    const tenant = await givenTenant(container, { signingAlg: 'RS256' });
    const registered = await givenClient(container, tenant, {
      type: 'public',
      redirectUris: [REDIRECT],
      scopes: ['openid', 'email', 'offline_access'],
      firstParty: true,
    });
    await container.db.transaction((em) =>
      insertUser(
        em,
        container.crypto.passwords,
        tenant,
        { email: 'grace@example.test', password: PASSWORD, emailVerified: true },
        { type: 'system' },
      ),
    );
    const issuer = new URL(`${origin}/t/${tenant.slug}`);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, insecure),
    );
    const rp: oauth.Client = { client_id: registered.client.clientId };
    const auth = oauth.None();
    const redirectUri = 'http://127.0.0.1:49152/cb';
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: rp.client_id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    }).toString();

    const browser = new Browser(origin);
    const login = await browser.go(url.toString());
    const back = await browser.go(login.url, {
      method: 'POST',
      form: { _csrf: browser.field('_csrf'), email: 'grace@example.test', password: PASSWORD },
    });
    const params = oauth.validateAuthResponse(as, rp, back.left!, oauth.expectNoState);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      rp,
      await oauth.authorizationCodeGrantRequest(
        as,
        rp,
        auth,
        params,
        redirectUri,
        verifier,
        insecure,
      ),
      { expectedNonce: nonce, requireIdToken: true },
    );
    const idToken = oauth.getValidatedIdTokenClaims(tokens)!;
    const userinfo = await oauth.processUserInfoResponse(
      as,
      rp,
      idToken.sub,
      await oauth.userInfoRequest(as, rp, tokens.access_token, insecure),
    );
    const jwtClaims = await oauth.validateJwtAccessToken(
      as,
      new Request('https://rs.test/', {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }),
      issuer.href,
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      rp,
      await oauth.refreshTokenGrantRequest(as, rp, auth, tokens.refresh_token!, insecure),
    );
    const revocation = await oauth.revocationRequest(
      as,
      rp,
      auth,
      refreshed.refresh_token!,
      insecure,
    );
    await oauth.processRevocationResponse(revocation);
    const afterRevocation = await oauth
      .processRefreshTokenResponse(
        as,
        rp,
        await oauth.refreshTokenGrantRequest(as, rp, auth, refreshed.refresh_token!, insecure),
      )
      .catch((error: unknown) => error);

    expect(as.issuer).toBe(issuer.href.replace(/\/$/, ''));
    expect(idToken).toMatchObject({ nonce, email: 'grace@example.test', aud: rp.client_id });
    expect(userinfo.sub).toBe(idToken.sub);
    expect(jwtClaims).toMatchObject({ client_id: rp.client_id, sub: idToken.sub });
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(afterRevocation).toBeInstanceOf(oauth.ResponseBodyError);
    expect((afterRevocation as oauth.ResponseBodyError).error).toBe('invalid_grant');
  });

  it('client credentials with client_secret_post -> a token the strict RFC 9068 validator accepts', async () => {
    const tenant = await givenTenant(container);
    const registered = await givenClient(container, tenant, {
      grantTypes: ['client_credentials'],
      scopes: ['reports:read'],
    });
    const issuer = new URL(`${origin}/t/${tenant.slug}`);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, insecure),
    );
    const rp: oauth.Client = { client_id: registered.client.clientId };

    const tokens = await oauth.processClientCredentialsResponse(
      as,
      rp,
      await oauth.clientCredentialsGrantRequest(
        as,
        rp,
        oauth.ClientSecretPost(registered.clientSecret!),
        { scope: 'reports:read' },
        insecure,
      ),
    );
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request('https://rs.test/', {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }),
      issuer.href.replace(/\/$/, ''),
      insecure,
    );

    expect(claims).toMatchObject({
      scope: 'reports:read',
      client_id: rp.client_id,
      sub: rp.client_id,
    });
  });
});
