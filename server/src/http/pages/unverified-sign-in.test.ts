import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { observeForm } from '../../../../test/support/enumeration.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  confirmByLink,
  cookieFrom,
  givenUser,
  linkIn,
  type Mailbox,
  startMailWorker,
} from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';
import type { TenantRow } from '../../persistence/entities/tenant.js';

describe('requireEmailVerification for accounts that are not self-sign-ups', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let mailbox: Mailbox;
  let token: string;
  beforeAll(async () => {
    container = await createTestContainer();
    mailbox = await startMailWorker(container);
    app = createApp(container);
    token = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  /** A user created through the admin API, as `idctl users create` does. */
  async function givenAdminCreated(tenant: TenantRow, body: Record<string, unknown>) {
    const res = await request(app)
      .post(`/admin/v1/tenants/${tenant.slug}/users`)
      .set('Authorization', `Bearer ${token}`)
      .send({ password: 'a long passphrase', ...body });
    if (res.status !== 201) throw new Error(`create user: ${res.status}`);
    return res.body as { id: string; status: string; emailVerified: boolean };
  }

  it('POST /t/:tenant/login an admin-created user, email not verified -> 403 "confirm your email" with the resend link, no session; resend, confirm, then signed in', async () => {
    const tenant = await givenTenant(container);
    const created = await givenAdminCreated(tenant, { email: 'ola@example.test' });
    const ola = browser(app);
    const credentials = { email: 'ola@example.test', password: 'a long passphrase' };

    const refused = await ola.submit(`/t/${tenant.slug}/login`, credentials);
    const before = mailbox.sent.length;
    await ola.submit(`/t/${tenant.slug}/resend-verification`, { email: 'ola@example.test' });
    const mail = await mailbox.waitFor('ola@example.test', 'Confirm', before);
    const confirmed = await confirmByLink(ola, linkIn(mail, 'verify'));
    const signIn = await ola.submit(`/t/${tenant.slug}/login`, credentials);

    expect(created).toMatchObject({ status: 'active', emailVerified: false });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Confirm your email address first');
    expect(refused.text).toContain(`/t/${tenant.slug}/resend-verification`);
    expect(cookieFrom(refused.headers, `lk_session_${tenant.slug}=`)).toBeUndefined();
    expect(confirmed.status).toBe(200);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.location).toBe(`${container.config.publicUrl}/t/${tenant.slug}/account`);
  });

  it('C-ENUM-1 the unverified admin-created user gets the answer a pending self-sign-up gets; a wrong password gets the plain 401', async () => {
    const tenant = await givenTenant(container);
    await givenAdminCreated(tenant, { email: 'adm01@example.test' });
    await givenUser(container, tenant, {
      email: 'pnd01@example.test',
      password: 'a long passphrase',
      verified: false,
    });

    const admin = await observeForm(app, tenant.slug, 'login', 'adm01@example.test');
    const pending = await observeForm(app, tenant.slug, 'login', 'pnd01@example.test');
    const wrong = await browser(app).submit(`/t/${tenant.slug}/login`, {
      email: 'adm01@example.test',
      password: 'not the password',
    });

    const { ms: _a, ...adminShape } = admin;
    const { ms: _p, ...pendingShape } = pending;
    expect(adminShape.status).toBe(403);
    expect(adminShape).toEqual(pendingShape);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('The email or password is not right.');
    expect(wrong.text).not.toContain('resend-verification');
  });

  it('POST /t/:tenant/login a user created with emailVerified true, or at a tenant that does not require verification -> signed in', async () => {
    const strict = await givenTenant(container);
    const lenient = await givenTenant(container, {
      settings: { requireEmailVerification: false },
    });
    await givenAdminCreated(strict, { email: 'pia@example.test', emailVerified: true });
    await givenAdminCreated(lenient, { email: 'pia@example.test' });

    const credentials = { email: 'pia@example.test', password: 'a long passphrase' };
    const atStrict = await browser(app).submit(`/t/${strict.slug}/login`, credentials);
    const atLenient = await browser(app).submit(`/t/${lenient.slug}/login`, credentials);

    expect(atStrict.status).toBe(303);
    expect(atLenient.status).toBe(303);
  });

  it('after changing their email on the account page, the next sign-in waits for the new address to be confirmed', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, {
      email: 'quin@example.test',
      password: 'a long passphrase',
    });
    const quin = browser(app);
    await quin.submit(`/t/${tenant.slug}/login`, {
      email: 'quin@example.test',
      password: 'a long passphrase',
    });
    const before = mailbox.sent.length;
    await quin.submit(
      `/t/${tenant.slug}/account`,
      { new_email: 'quin.new@example.test', email_current_password: 'a long passphrase' },
      `/t/${tenant.slug}/account/email`,
    );

    const credentials = { email: 'quin.new@example.test', password: 'a long passphrase' };
    const early = await browser(app).submit(`/t/${tenant.slug}/login`, credentials);
    const stillHere = await quin.get(`/t/${tenant.slug}/account`);
    const mail = await mailbox.waitFor('quin.new@example.test', 'Confirm', before);
    await confirmByLink(quin, linkIn(mail, 'verify'));
    const later = await browser(app).submit(`/t/${tenant.slug}/login`, credentials);

    expect(early.status).toBe(403);
    expect(early.text).toContain('Confirm your email address first');
    expect(stillHere.status).toBe(200);
    expect(later.status).toBe(303);
  });
});
