import { createHash, randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { Container } from '../../server/src/container.js';
import { SessionStore } from '../../server/src/domain/sessions/index.js';
import { insertUser } from '../../server/src/domain/users/users.js';
import { sessionCookieName } from '../../server/src/http/pages/index.js';
import type { TenantRow } from '../../server/src/persistence/entities/tenant.js';
import type { UserRow } from '../../server/src/persistence/entities/user.js';
import { givenClient } from './fixtures.js';

export const REDIRECT = 'https://rp.test/cb';

/** A verified, active user of a tenant. */
export async function givenUser(container: Container, tenant: TenantRow): Promise<UserRow> {
  return container.db.transaction((em) =>
    insertUser(
      em,
      container.crypto.passwords,
      tenant,
      {
        email: `u-${randomBytes(4).toString('hex')}@example.test`,
        emailVerified: true,
        givenName: 'Ada',
        familyName: 'Lovelace',
        status: 'active',
      },
      { type: 'system' },
    ),
  );
}

/**
 * Signs a user in the way the hosted sign-in page does (its SessionStore and cookie), and
 * returns the Cookie header for the browser. The sign-in form itself is the pages' own test.
 */
export async function signIn(
  container: Container,
  tenant: TenantRow,
  user: UserRow,
  authTime?: number,
): Promise<{ cookie: string; sessionId: string }> {
  const session = await new SessionStore(container.cache).create(tenant, {
    userId: user.id,
    amr: ['pwd'],
    acr: '1',
    authTime,
  });
  const name = sessionCookieName(container.config.publicUrl, tenant.slug);
  return { cookie: `${name}=${encodeURIComponent(session.id)}`, sessionId: session.id };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

/** A confidential third-party web client with the usual OIDC scopes. */
export function givenWebClient(container: Container, tenant: TenantRow, input = {}) {
  return givenClient(container, tenant, {
    redirectUris: [REDIRECT],
    postLogoutRedirectUris: ['https://rp.test/bye'],
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    firstParty: true,
    ...input,
  });
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** Runs /authorize for a signed-in browser and returns the code from the redirect. */
export async function obtainCode(
  app: RequestListener,
  tenant: TenantRow,
  cookie: string,
  params: Record<string, string>,
): Promise<string> {
  const res = await request(app)
    .get(`/t/${tenant.slug}/authorize`)
    .query({
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 's1',
      ...params,
    })
    .set('Cookie', cookie);
  if (res.status !== 302) throw new Error(`authorize answered ${res.status}: ${res.text}`);
  const location = new URL(res.headers.location as string);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.search}`);
  return code;
}

/** The `name=value` of the interaction-binding cookie an authorize response set ('' if none). */
export function bindingCookieOf(res: { headers: Record<string, unknown> }): string {
  const lines = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const line = lines.find(
    (each) => each.startsWith('lk_authz_') && !/Expires=Thu, 01 Jan 1970/.test(each),
  );
  return line ? (line.split(';')[0] ?? '') : '';
}

/** Exchanges a code at the token endpoint with client_secret_basic (or none for public). */
export function exchangeCode(
  app: RequestListener,
  tenant: TenantRow,
  client: { clientId: string; secret: string | null },
  form: Record<string, string>,
) {
  const req = request(app).post(`/t/${tenant.slug}/token`).type('form');
  if (client.secret) req.set('Authorization', basic(client.clientId, client.secret));
  const body = client.secret ? form : { client_id: client.clientId, ...form };
  return req.send({ grant_type: 'authorization_code', redirect_uri: REDIRECT, ...body });
}

/** A signed-in user who went through authorize and exchange: the usual starting point. */
export async function givenTokens(
  app: RequestListener,
  container: Container,
  scope = 'openid email offline_access',
) {
  const { givenTenant } = await import('./fixtures.js');
  const tenant = await givenTenant(container);
  const { client, clientSecret } = await givenWebClient(container, tenant);
  const user = await givenUser(container, tenant);
  const { cookie, sessionId } = await signIn(container, tenant, user);
  const { verifier, challenge } = pkcePair();
  const code = await obtainCode(app, tenant, cookie, {
    client_id: client.clientId,
    scope,
    nonce: 'n',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const secret = clientSecret as string;
  const res = await exchangeCode(
    app,
    tenant,
    { clientId: client.clientId, secret },
    {
      code,
      code_verifier: verifier,
    },
  );
  if (res.status !== 200) throw new Error(`exchange answered ${res.status}: ${res.text}`);
  return {
    tenant,
    client,
    secret,
    user,
    cookie,
    sessionId,
    code,
    verifier,
    tokens: res.body as { access_token: string; refresh_token: string; id_token: string },
  };
}

export function refresh(
  app: RequestListener,
  tenant: TenantRow,
  clientId: string,
  secret: string,
  token: string,
) {
  return request(app)
    .post(`/t/${tenant.slug}/token`)
    .set('Authorization', basic(clientId, secret))
    .type('form')
    .send({ grant_type: 'refresh_token', refresh_token: token });
}

export function introspect(
  app: RequestListener,
  tenant: TenantRow,
  clientId: string,
  secret: string,
  token: string,
) {
  return request(app)
    .post(`/t/${tenant.slug}/introspect`)
    .set('Authorization', basic(clientId, secret))
    .type('form')
    .send({ token });
}
