import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  confirmByLink,
  givenInteraction,
  givenUser,
} from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';
import { issueUserToken } from '../../domain/accounts/user-tokens.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';
import { UserSchema } from '../../persistence/entities/user.js';

describe('hosted email verification link', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  /** An unconfirmed account and the confirmation link its mail would carry. */
  async function givenUnconfirmed(tenant: TenantRow, email: string, query = '') {
    const user = await givenUser(container, tenant, {
      email,
      password: 'a long passphrase',
      verified: false,
    });
    const { raw } = await container.db.transaction((em) =>
      issueUserToken(em, container.crypto.hasher, user, 'verify_email'),
    );
    const link = new URL(`${container.config.publicUrl}/t/${tenant.slug}/verify?token=${raw}`);
    if (query) link.search += `&${query}`;
    return { user, link };
  }

  const stored = (id: string) => container.db.em().findOneOrFail(UserSchema, { id });
  const verifiedEvents = async (tenant: TenantRow) =>
    (
      await container.db
        .em()
        .execute(`select 1 from outbox_events where tenant_id = ? and type = ?`, [
          tenant.slug,
          'user.email_verified',
        ])
    ).length;

  it('GET /t/:tenant/verify?token= fetched by a mail scanner, twice -> 200 a confirm button; the address stays unconfirmed and the link still works', async () => {
    const tenant = await givenTenant(container);
    const { user, link } = await givenUnconfirmed(tenant, 'scan@example.test');

    const scans = [
      await request(app).get(link.pathname + link.search),
      await request(app).get(link.pathname + link.search),
    ];

    for (const scan of scans) {
      expect(scan.status).toBe(200);
      expect(scan.text).toContain('Confirm your email address');
      expect(scan.text).toContain(`<form method="post" action="/t/${tenant.slug}/verify">`);
      expect(scan.text).toContain('name="_csrf"');
    }
    expect((await stored(user.id)).emailVerified).toBe(false);
    expect(await verifiedEvents(tenant)).toBe(0);
    const confirmed = await confirmByLink(browser(app), link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Your email address is confirmed');
    expect((await stored(user.id)).emailVerified).toBe(true);
    expect(await verifiedEvents(tenant)).toBe(1);
  });

  it('pressing the button -> 200 confirmed, the account turns active; pressing it again -> 400, the link is used up', async () => {
    const tenant = await givenTenant(container);
    const { user, link } = await givenUnconfirmed(tenant, 'press@example.test');
    const ann = browser(app);

    const first = await confirmByLink(ann, link);
    const again = await confirmByLink(ann, link);

    expect(first.status).toBe(200);
    const row = await stored(user.id);
    expect(row).toMatchObject({ emailVerified: true, status: 'active' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('This confirmation link does not work');
    expect(again.text).not.toContain('<form');
  });

  it('POST /t/:tenant/verify with the token but without the CSRF token -> 403, nothing confirmed', async () => {
    const tenant = await givenTenant(container);
    const { user, link } = await givenUnconfirmed(tenant, 'forged@example.test');

    const res = await request(app)
      .post(`/t/${tenant.slug}/verify`)
      .type('form')
      .send({ token: link.searchParams.get('token') ?? '' });

    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    expect((await stored(user.id)).emailVerified).toBe(false);
  });

  it('GET /t/:tenant/verify with an unknown, malformed or missing token -> 400 "does not work", no button', async () => {
    const tenant = await givenTenant(container);

    const answers = [
      await request(app).get(`/t/${tenant.slug}/verify?token=${'A'.repeat(43)}`),
      await request(app).get(`/t/${tenant.slug}/verify?token=<script>`),
      await request(app).get(`/t/${tenant.slug}/verify`),
    ];

    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.text).toContain('This confirmation link does not work');
      expect(res.text).not.toContain('<form');
    }
  });

  it("another tenant's verification link under this tenant's path -> 400, nothing confirmed", async () => {
    const home = await givenTenant(container);
    const other = await givenTenant(container);
    const { user, link } = await givenUnconfirmed(home, 'roam@example.test');
    const token = link.searchParams.get('token') ?? '';

    const res = await confirmByLink(
      browser(app),
      new URL(`${container.config.publicUrl}/t/${other.slug}/verify?token=${token}`),
    );

    expect(res.status).toBe(400);
    expect((await stored(user.id)).emailVerified).toBe(false);
  });

  it('a link carrying an interaction -> the button posts with it, and "continue" leads to its sign-in', async () => {
    const tenant = await givenTenant(container);
    const interaction = await givenInteraction(container, tenant.id);
    const { link } = await givenUnconfirmed(
      tenant,
      'kai@example.test',
      `interaction=${interaction}`,
    );
    const kai = browser(app);

    const page = await kai.get(link.pathname + link.search);
    const confirmed = await confirmByLink(kai, link);

    expect(page.text).toContain(`action="/t/${tenant.slug}/verify?interaction=${interaction}"`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain(`/login?interaction=${interaction}`);
  });
});
