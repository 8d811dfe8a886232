import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../../test/support/fixtures.js';
import {
  bindingCookieOf,
  exchangeCode,
  givenUser,
  givenWebClient,
  obtainCode,
  pkcePair,
  REDIRECT,
  signIn,
} from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';
import { redirectUriProblem } from '../../domain/clients/redirect-uris.js';

describe('authorization endpoint cases', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const authorize = (slug: string, query: Record<string, string>, cookie?: string) => {
    const req = request(app)
      .get(`/t/${slug}/authorize`)
      .query({ response_type: 'code', scope: 'openid', state: 's', ...query });
    return cookie ? req.set('Cookie', cookie) : req;
  };
  const redirected = (res: { headers: Record<string, unknown> }) =>
    new URL(res.headers.location as string);

  it.each([
    'https://rp.test/cbx',
    'https://rp.test/cb/',
    'https://rp.test/cb?x=1',
    'https://rp.test/cb#f',
    'https://RP.test/cb',
    'https://rp.test:443/cb',
    'http://rp.test/cb',
    'https://rp.test.evil.test/cb',
    'https://rp.test/cb/../x',
    'https://rp.test/%63b',
  ])('C-RURI-1 redirect_uri=%s -> 400 on our own page, no Location', async (uri) => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);

    const res = await authorize(tenant.slug, { client_id: client.clientId, redirect_uri: uri });

    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.type).toBe('text/html');
  });

  it('C-RURI-1 the registered string itself -> accepted (302, to sign-in)', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);

    const res = await authorize(tenant.slug, {
      client_id: client.clientId,
      redirect_uri: REDIRECT,
    });

    expect(res.status).toBe(302);
    expect(redirected(res).pathname).toBe(`/t/${tenant.slug}/login`);
  });

  it('C-RURI-2 loopback: any port is accepted, other paths and look-alike hosts are refused', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenClient(container, tenant, {
      type: 'public',
      redirectUris: ['http://127.0.0.1/cb'],
    });
    const { challenge } = pkcePair();
    const pkce = { code_challenge: challenge, code_challenge_method: 'S256' };
    const attempt = (uri: string) =>
      authorize(tenant.slug, { client_id: client.clientId, redirect_uri: uri, ...pkce });

    const ok = await attempt('http://127.0.0.1:53123/cb');
    const refused = await Promise.all(
      [
        'http://127.0.0.1:53123/cbx',
        'http://localhost.evil.test/cb',
        'http://127.0.0.1.evil.test/cb',
        'http://127.0.0.1:0053123/cb',
        'http://127.0.0.1:53123@evil.test/cb',
      ].map(attempt),
    );

    expect(ok.status).toBe(302);
    expect(redirected(ok).pathname).toBe(`/t/${tenant.slug}/login`);
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
    expect(redirectUriProblem('http://localhost.evil.test/cb', 'public')).not.toBeNull();
    expect(redirectUriProblem('http://127.0.0.1.evil.test/cb', 'public')).not.toBeNull();
  });

  it('C-RURI-3 code bound to R1, exchanged with R2 or with none -> 400 invalid_grant', async () => {
    const tenant = await givenTenant(container);
    const r2 = 'https://rp.test/other';
    const { client, clientSecret } = await givenWebClient(container, tenant, {
      redirectUris: [REDIRECT, r2],
    });
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user);
    const creds = { clientId: client.clientId, secret: clientSecret };
    const { verifier, challenge } = pkcePair();
    const pkce = {
      client_id: client.clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };

    const first = await obtainCode(app, tenant, cookie, pkce);
    const withR2 = await exchangeCode(app, tenant, creds, {
      code: first,
      redirect_uri: r2,
      code_verifier: verifier,
    });
    const second = await obtainCode(app, tenant, cookie, pkce);
    const withNone = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .auth(client.clientId, clientSecret!)
      .type('form')
      .send({ grant_type: 'authorization_code', code: second, code_verifier: verifier });

    expect(withR2.status).toBe(400);
    expect(withR2.body.error).toBe('invalid_grant');
    expect(withNone.status).toBe(400);
    expect(withNone.body.error).toBe('invalid_grant');
  });

  /** A signed-in user of a web client, and an S256 challenge with its verifier. */
  async function givenPkceSession() {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user);
    const creds = { clientId: client.clientId, secret: clientSecret };
    const { verifier, challenge } = pkcePair();
    const withChallenge = {
      client_id: client.clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    return { tenant, client, cookie, creds, verifier, withChallenge };
  }

  it('C-PKCE-1 no challenge + any verifier, challenge + no verifier, wrong verifier -> 400 invalid_grant', async () => {
    const { tenant, client, cookie, creds, verifier, withChallenge } = await givenPkceSession();

    const bare = await obtainCode(app, tenant, cookie, { client_id: client.clientId });
    const downgrade = await exchangeCode(app, tenant, creds, {
      code: bare,
      code_verifier: 'a'.repeat(43),
    });
    const missing = await exchangeCode(app, tenant, creds, {
      code: await obtainCode(app, tenant, cookie, withChallenge),
    });
    const wrong = await exchangeCode(app, tenant, creds, {
      code: await obtainCode(app, tenant, cookie, withChallenge),
      code_verifier: `${verifier.slice(0, -1)}${verifier.endsWith('A') ? 'B' : 'A'}`,
    });

    for (const res of [downgrade, missing, wrong]) {
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    }
  });

  it.each(['plain', 's256', 'S256 ', 'S512'])(
    'C-PKCE-1 code_challenge_method=%s -> invalid_request to the redirect URI',
    async (method) => {
      const tenant = await givenTenant(container);
      const { client } = await givenWebClient(container, tenant);

      const res = await authorize(tenant.slug, {
        client_id: client.clientId,
        redirect_uri: REDIRECT,
        code_challenge: pkcePair().challenge,
        code_challenge_method: method,
      });

      expect(res.status).toBe(302);
      expect(redirected(res).searchParams.get('error')).toBe('invalid_request');
      expect(redirected(res).searchParams.get('state')).toBe('s');
    },
  );

  it('C-PKCE-1 a verifier of 5 or 129 characters -> 400 invalid_grant naming the verifier rule; the code is spent', async () => {
    const { tenant, cookie, creds, verifier, withChallenge } = await givenPkceSession();
    const rule =
      'The code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636).';

    const code = await obtainCode(app, tenant, cookie, withChallenge);
    const short = await exchangeCode(app, tenant, creds, { code, code_verifier: 'abcde' });
    const retried = await exchangeCode(app, tenant, creds, { code, code_verifier: verifier });
    const long = await exchangeCode(app, tenant, creds, {
      code: await obtainCode(app, tenant, cookie, withChallenge),
      code_verifier: 'a'.repeat(129),
    });

    expect(short.body).toEqual({ error: 'invalid_grant', error_description: rule });
    expect(long.body).toEqual({ error: 'invalid_grant', error_description: rule });
    expect(retried.status).toBe(400);
  });

  it('a parameter whose bytes are not UTF-8 (state=%ff%fe) -> 400 on our own page, not a state changed to U+FFFD', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const query = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: client.redirectUris[0]!,
      response_type: 'code',
      scope: 'openid',
    });

    const res = await request(app).get(`/t/${tenant.slug}/authorize?${query}&state=%ff%fe`);

    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('The request was malformed');
  });

  it('no redirect_uri -> 400 on our own page saying the application did not give one', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);

    const res = await authorize(tenant.slug, { client_id: client.clientId });

    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.text).toContain('did not say where to send you back');
  });

  it('C-PKCE-1 public client without code_challenge -> refused at /authorize (invalid_request)', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenClient(container, tenant, {
      type: 'public',
      redirectUris: [REDIRECT],
    });

    const res = await authorize(tenant.slug, {
      client_id: client.clientId,
      redirect_uri: REDIRECT,
    });

    expect(res.status).toBe(302);
    expect(redirected(res).origin + redirected(res).pathname).toBe(REDIRECT);
    expect(redirected(res).searchParams.get('error')).toBe('invalid_request');
  });

  it('response_type=token -> unsupported_response_type; a scope the client may not ask -> invalid_scope', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant, { scopes: ['openid'] });
    const base = { client_id: client.clientId, redirect_uri: REDIRECT };

    const token = await authorize(tenant.slug, { ...base, response_type: 'token' });
    const scope = await authorize(tenant.slug, { ...base, scope: 'openid admin' });

    expect(redirected(token).searchParams.get('error')).toBe('unsupported_response_type');
    expect(redirected(scope).searchParams.get('error')).toBe('invalid_scope');
    expect(redirected(scope).searchParams.get('iss')).toBe(
      `${container.config.publicUrl}/t/${tenant.slug}`,
    );
    for (const res of [token, scope]) {
      const description = redirected(res).searchParams.get('error_description') ?? '';
      expect(description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
    }
  });

  it.each([
    ['request', 'request_not_supported'],
    ['request_uri', 'request_uri_not_supported'],
    ['registration', 'registration_not_supported'],
  ])('%s (OIDC Core §3.1.2.6) -> %s to the client, with state', async (parameter, error) => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);

    const res = await authorize(tenant.slug, {
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      [parameter]: 'x',
    });

    expect(redirected(res).searchParams.get('error')).toBe(error);
    expect(redirected(res).searchParams.get('state')).toBe('s');
  });

  it('no response_type -> invalid_request (a missing parameter), not unsupported_response_type', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const query = new URLSearchParams({
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 's',
    });

    const res = await request(app).get(`/t/${tenant.slug}/authorize?${query}`);

    expect(redirected(res).searchParams.get('error')).toBe('invalid_request');
    expect(redirected(res).searchParams.get('state')).toBe('s');
  });

  it('id_token_hint (OIDC Core §3.1.2.1): another user than the session -> login_required under prompt=none, sign-in otherwise; the same user -> code; a forged hint -> invalid_request', async () => {
    const tenant = await givenTenant(container);
    const { client, clientSecret } = await givenWebClient(container, tenant, { firstParty: true });
    const creds = { clientId: client.clientId, secret: clientSecret };
    const [ada, eve] = [await givenUser(container, tenant), await givenUser(container, tenant)];
    const anHourAgo = Math.floor(Date.now() / 1000) - 3600;
    const adaSession = (await signIn(container, tenant, ada, anHourAgo)).cookie;
    const eveSession = (await signIn(container, tenant, eve, anHourAgo)).cookie;
    const idTokenOf = async (cookie: string) => {
      const { verifier, challenge } = pkcePair();
      const code = await obtainCode(app, tenant, cookie, {
        client_id: client.clientId,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const res = await exchangeCode(app, tenant, creds, { code, code_verifier: verifier });
      return res.body.id_token as string;
    };
    const adaHint = await idTokenOf(adaSession);
    const eveHint = await idTokenOf(eveSession);
    const ask = (hint: string, extra: Record<string, string> = {}) =>
      authorize(
        tenant.slug,
        { client_id: client.clientId, redirect_uri: REDIRECT, id_token_hint: hint, ...extra },
        adaSession,
      );

    const otherSilently = await ask(eveHint, { prompt: 'none' });
    const other = await ask(eveHint);
    const same = await ask(adaHint, { prompt: 'none' });
    const forged = await ask(`${adaHint.slice(0, -4)}AAAA`, { prompt: 'none' });

    expect(redirected(otherSilently).searchParams.get('error')).toBe('login_required');
    expect(redirected(other).pathname).toBe(`/t/${tenant.slug}/login`);
    expect(redirected(same).searchParams.get('code')).toBeTruthy();
    expect(redirected(forged).searchParams.get('error')).toBe('invalid_request');
  });

  describe('consent for a third-party client', () => {
    async function givenConsentScreen() {
      const tenant = await givenTenant(container);
      const { client } = await givenWebClient(container, tenant, { firstParty: false });
      const user = await givenUser(container, tenant);
      const { cookie } = await signIn(container, tenant, user);
      const { challenge } = pkcePair();
      const query = {
        client_id: client.clientId,
        redirect_uri: REDIRECT,
        code_challenge: challenge,
        code_challenge_method: 'S256',
      };
      const started = await authorize(tenant.slug, query, cookie);
      const consentUrl = redirected(started);
      const browser = `${cookie}; ${bindingCookieOf(started)}`;
      const page = await request(app)
        .get(consentUrl.pathname + consentUrl.search)
        .set('Cookie', browser);
      const preCookie = (page.headers['set-cookie'] as unknown as string[])
        .map((line) => line.split(';')[0])
        .join('; ');
      const field = (name: string) =>
        new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1] ?? '';
      return {
        tenant,
        client,
        query,
        consentUrl,
        page,
        cookies: `${browser}; ${preCookie}`,
        signedIn: cookie,
        binding: bindingCookieOf(started),
        form: {
          _csrf: field('_csrf'),
          interaction: field('interaction'),
          consent_token: field('consent_token'),
        },
      };
    }

    it('a real consent POST -> code to the client; the grant is remembered for next time', async () => {
      const screen = await givenConsentScreen();

      const res = await request(app)
        .post(`/t/${screen.tenant.slug}/consent`)
        .set('Cookie', screen.cookies)
        .type('form')
        .send({ ...screen.form, decision: 'allow' });
      const again = await authorize(screen.tenant.slug, screen.query, screen.cookies);

      expect(screen.consentUrl.pathname).toBe(`/t/${screen.tenant.slug}/consent`);
      expect(screen.page.status).toBe(200);
      expect(res.status).toBe(303);
      expect(redirected(res).searchParams.get('code')).toBeTruthy();
      expect(redirected(again).searchParams.get('code')).toBeTruthy();
    });

    it('C-CONSENT-1 a cross-site post without the CSRF token, or with a stale one -> 403; GET with allow=true -> 403', async () => {
      const screen = await givenConsentScreen();
      const post = (form: Record<string, string>) =>
        request(app)
          .post(`/t/${screen.tenant.slug}/consent`)
          .set('Cookie', screen.cookies)
          .type('form')
          .send(form);
      const stale = await givenConsentScreen();

      const noToken = await post({ interaction: screen.form.interaction, decision: 'allow' });
      const noConsentToken = await post({
        _csrf: screen.form._csrf,
        interaction: screen.form.interaction,
        decision: 'allow',
      });
      const staleToken = await post({
        ...screen.form,
        consent_token: stale.form.consent_token,
        decision: 'allow',
      });
      const viaGet = await request(app)
        .get(`${screen.consentUrl.pathname}${screen.consentUrl.search}&allow=true`)
        .set('Cookie', screen.cookies);

      for (const res of [noToken, noConsentToken, staleToken, viaGet]) {
        expect(res.status).toBe(403);
        expect(res.headers.location).toBeUndefined();
      }
    });

    it('C-CONSENT-1 prompt=none for a third-party client never approved -> consent_required to the client', async () => {
      const tenant = await givenTenant(container);
      const { client } = await givenWebClient(container, tenant, { firstParty: false });
      const user = await givenUser(container, tenant);
      const { cookie } = await signIn(container, tenant, user);

      const res = await authorize(
        tenant.slug,
        {
          client_id: client.clientId,
          redirect_uri: REDIRECT,
          prompt: 'none',
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        },
        cookie,
      );

      expect(res.status).toBe(302);
      expect(redirected(res).searchParams.get('error')).toBe('consent_required');
    });
  });

  it('prompt=none without a session -> login_required; prompt=login with one -> back to sign-in', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const user = await givenUser(container, tenant);
    const { cookie } = await signIn(container, tenant, user, Math.floor(Date.now() / 1000) - 60);
    const base = { client_id: client.clientId, redirect_uri: REDIRECT };

    const none = await authorize(tenant.slug, { ...base, prompt: 'none' });
    const login = await authorize(tenant.slug, { ...base, prompt: 'login' }, cookie);
    const maxAge = await authorize(tenant.slug, { ...base, max_age: '10' }, cookie);

    expect(redirected(none).searchParams.get('error')).toBe('login_required');
    expect(redirected(login).pathname).toBe(`/t/${tenant.slug}/login`);
    expect(redirected(maxAge).pathname).toBe(`/t/${tenant.slug}/login`);
  });
});
