import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  bindingCookieOf,
  givenUser,
  givenWebClient,
  pkcePair,
  REDIRECT,
  signIn,
} from '../../../../test/support/protocol.js';
import { createApp } from '../../app.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';

type Headers = { headers: Record<string, unknown> };
const setCookies = (res: Headers) => (res.headers['set-cookie'] as string[] | undefined) ?? [];
const locationOf = (res: Headers) => new URL(res.headers.location as string);

describe('the authorization request is bound to the browser that made it', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  /** A browser that starts /authorize (signed out, or signed in for a third-party client). */
  async function startAuthorization(tenant: TenantRow, clientId: string, cookie = '') {
    const res = await request(app)
      .get(`/t/${tenant.slug}/authorize`)
      .query({
        client_id: clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 'st',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      })
      .set('Cookie', cookie);
    const interaction = locationOf(res).searchParams.get('interaction') as string;
    return { res, interaction, binding: bindingCookieOf(res), url: locationOf(res) };
  }

  async function givenSignedInVictimAndAttacker(firstParty = true) {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant, { firstParty });
    const victim = (await signIn(container, tenant, await givenUser(container, tenant))).cookie;
    const attacker = (await signIn(container, tenant, await givenUser(container, tenant))).cookie;
    return { tenant, client, victim, attacker };
  }

  const resume = (tenant: TenantRow, interaction: string, cookie: string) =>
    request(app)
      .get(`/t/${tenant.slug}/authorize/resume`)
      .query({ interaction })
      .set('Cookie', cookie);

  it('GET /authorize sets an HttpOnly, SameSite=Lax binding cookie on /t/:tenant/ for 10 minutes', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);

    const { res, interaction } = await startAuthorization(tenant, client.clientId);

    const line = setCookies(res).find((each) => each.startsWith('lk_authz_')) ?? '';
    expect(line.startsWith(`lk_authz_${interaction.slice(0, 12)}=`)).toBe(true);
    expect(line).toContain(`Path=/t/${tenant.slug}/`);
    expect(line).toContain('HttpOnly');
    expect(line).toContain('SameSite=Lax');
    expect(line).toContain('Max-Age=600');
    expect(line).not.toContain(interaction);
  });

  it('with an https PUBLIC_URL -> the binding cookie is also Secure', async () => {
    const secure = await createTestContainer({ publicUrl: 'https://id.example.test' });
    try {
      const tenant = await givenTenant(secure);
      const { client } = await givenWebClient(secure, tenant);

      const res = await request(createApp(secure)).get(`/t/${tenant.slug}/authorize`).query({
        client_id: client.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      });

      const line = setCookies(res).find((each) => each.startsWith('lk_authz_')) ?? '';
      expect(line).toContain('; Secure');
      expect(line).toContain(`Path=/t/${tenant.slug}/`);
    } finally {
      await secure.close();
    }
  });

  it('resume from another signed-in browser (no cookie, its own cookie, a wrong secret) -> 403 page, no Location; the starting browser still finishes and its cookie is cleared', async () => {
    const { tenant, client, victim, attacker } = await givenSignedInVictimAndAttacker();
    const started = await startAuthorization(tenant, client.clientId);
    const own = await startAuthorization(tenant, client.clientId);
    const [, ownSecret] = own.binding.split('=');
    const forged = `lk_authz_${started.interaction.slice(0, 12)}=${ownSecret}`;

    const refused = [
      await resume(tenant, started.interaction, attacker),
      await resume(tenant, started.interaction, `${attacker}; ${own.binding}`),
      await resume(tenant, started.interaction, `${attacker}; ${forged}`),
    ];
    const finished = await resume(tenant, started.interaction, `${victim}; ${started.binding}`);

    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('started in another browser');
    }
    expect(finished.status).toBe(302);
    expect(locationOf(finished).searchParams.get('code')).toBeTruthy();
    const cleared = setCookies(finished).find((each) =>
      each.startsWith(started.binding.split('=')[0]!),
    );
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('two tabs with concurrent authorization requests in one browser -> each resumes with its own cookie', async () => {
    const { tenant, client, victim } = await givenSignedInVictimAndAttacker();
    const [first, second] = await Promise.all([
      startAuthorization(tenant, client.clientId),
      startAuthorization(tenant, client.clientId),
    ]);
    const jar = `${victim}; ${first!.binding}; ${second!.binding}`;

    const a = await resume(tenant, second!.interaction, jar);
    const b = await resume(tenant, first!.interaction, jar);

    expect(locationOf(a).searchParams.get('code')).toBeTruthy();
    expect(locationOf(b).searchParams.get('code')).toBeTruthy();
  });

  it('a browser holding 8 binding cookies starts another request -> the oldest is cleared', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenWebClient(container, tenant);
    const now = Math.floor(Date.now() / 1000);
    const held = Array.from({ length: 8 }, (_, i) => `lk_authz_tab${i}=${now - 100 + i}.x`);

    const { res } = await startAuthorization(tenant, client.clientId, held.join('; '));

    const cleared = setCookies(res).filter((each) => /Expires=Thu, 01 Jan 1970/.test(each));
    expect(cleared.map((each) => each.split('=')[0])).toEqual(['lk_authz_tab0']);
  });

  it('the consent page and consent POST from a browser without the binding cookie -> 403 page, no Location, nothing remembered', async () => {
    const { tenant, client, victim } = await givenSignedInVictimAndAttacker(false);
    const started = await startAuthorization(tenant, client.clientId, victim);
    const consentPath = started.url.pathname + started.url.search;
    const page = await request(app).get(consentPath).set('Cookie', `${victim}; ${started.binding}`);
    const pre = setCookies(page).map((line) => line.split(';')[0]);
    const field = (name: string) =>
      new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)?.[1] ?? '';
    const form = {
      _csrf: field('_csrf'),
      interaction: field('interaction'),
      consent_token: field('consent_token'),
      decision: 'allow',
    };
    const post = (cookie: string) =>
      request(app).post(`/t/${tenant.slug}/consent`).set('Cookie', cookie).type('form').send(form);

    const shown = await request(app).get(consentPath).set('Cookie', victim);
    const refused = await post([victim, ...pre].join('; '));
    const again = await startAuthorization(tenant, client.clientId, victim);
    const approved = await post([victim, started.binding, ...pre].join('; '));

    expect(page.status).toBe(200);
    for (const res of [shown, refused]) {
      expect(res.status).toBe(403);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('started in another browser');
    }
    expect(again.url.pathname).toBe(`/t/${tenant.slug}/consent`);
    expect(approved.status).toBe(303);
    expect(locationOf(approved).searchParams.get('code')).toBeTruthy();
  });
});
