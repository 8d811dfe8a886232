import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
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

describe('hosted account page', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let mailbox: Mailbox;
  beforeAll(async () => {
    container = await createTestContainer();
    mailbox = await startMailWorker(container);
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('GET /t/:tenant/account signed out -> 303 to the sign-in page', async () => {
    const tenant = await givenTenant(container);

    const res = await request(app).get(`/t/${tenant.slug}/account`);

    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${container.config.publicUrl}/t/${tenant.slug}/login`);
  });

  it('POST /t/:tenant/account/password with a wrong current password -> 400 on that field, password unchanged', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'uma@example.test', password: 'original pass 1' });
    const uma = browser(app);
    await uma.submit(`/t/${tenant.slug}/login`, {
      email: 'uma@example.test',
      password: 'original pass 1',
    });

    const res = await uma.submit(
      `/t/${tenant.slug}/account`,
      { current_password: 'not it at all', new_password: 'another long one' },
      `/t/${tenant.slug}/account/password`,
    );

    expect(res.status).toBe(400);
    expect(res.text).toContain(
      '<a href="#current_password">The current password is not right.</a>',
    );
    const again = await browser(app).submit(`/t/${tenant.slug}/login`, {
      email: 'uma@example.test',
      password: 'original pass 1',
    });
    expect(again.status).toBe(303);
  });

  it('POST /t/:tenant/account/password -> other sessions end, this browser gets a new session id, the user is mailed', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, { email: 'vic@example.test', password: 'original pass 1' });
    const here = browser(app);
    const there = browser(app);
    const credentials = { email: 'vic@example.test', password: 'original pass 1' };
    const signedIn = await here.submit(`/t/${tenant.slug}/login`, credentials);
    await there.submit(`/t/${tenant.slug}/login`, credentials);
    const before = mailbox.sent.length;

    const res = await here.submit(
      `/t/${tenant.slug}/account`,
      { current_password: 'original pass 1', new_password: 'a new long password' },
      `/t/${tenant.slug}/account/password`,
    );

    expect(res.status).toBe(200);
    expect(res.text).toContain('Your password has been changed');
    const oldId = cookieFrom(signedIn.headers, `lk_session_${tenant.slug}=`)?.split(';')[0];
    const newId = cookieFrom(res.headers, `lk_session_${tenant.slug}=`)?.split(';')[0];
    expect(newId).toBeDefined();
    expect(newId).not.toBe(oldId);
    expect((await here.get(`/t/${tenant.slug}/account`)).status).toBe(200);
    expect((await there.get(`/t/${tenant.slug}/account`)).status).toBe(303);
    await mailbox.waitFor('vic@example.test', 'password was changed', before);
  });

  it('C-EMAIL-2 a verified user changes their email -> needs the current password, email_verified false until the new address confirms, old address told', async () => {
    const tenant = await givenTenant(container);
    const user = await givenUser(container, tenant, {
      email: 'wes@example.test',
      password: 'original pass 1',
    });
    const wes = browser(app);
    await wes.submit(`/t/${tenant.slug}/login`, {
      email: 'wes@example.test',
      password: 'original pass 1',
    });
    const change = (fields: Record<string, string>) =>
      wes.submit(`/t/${tenant.slug}/account`, fields, `/t/${tenant.slug}/account/email`);
    const stored = async () =>
      (
        await container.db
          .em()
          .execute('select email, email_verified from users where id = ?', [user.id])
      )[0];
    const before = mailbox.sent.length;

    const refused = await change({
      new_email: 'wes.new@example.test',
      email_current_password: 'nope nope',
    });
    const unchanged = await stored();
    const accepted = await change({
      new_email: 'Wes.New@Example.TEST',
      email_current_password: 'original pass 1',
    });
    const afterChange = await stored();
    const told = await mailbox.waitFor('wes@example.test', 'email address of your', before);
    const confirm = await mailbox.waitFor('Wes.New@example.test', 'Confirm', before);
    await confirmByLink(wes, linkIn(confirm, 'verify'));

    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#email_current_password">');
    expect(unchanged).toEqual({ email: 'wes@example.test', email_verified: true });
    expect(accepted.status).toBe(200);
    expect(afterChange).toEqual({ email: 'Wes.New@example.test', email_verified: false });
    expect(told.text).toContain('If this was not you');
    expect(await stored()).toEqual({ email: 'Wes.New@example.test', email_verified: true });
  });

  it('C-EMAIL-2 changing to an address another account holds answers the same and changes nothing', async () => {
    const tenant = await givenTenant(container);
    const user = await givenUser(container, tenant, {
      email: 'xia@example.test',
      password: 'original pass 1',
    });
    await givenUser(container, tenant, {
      email: 'taken@example.test',
      password: 'original pass 2',
    });
    const xia = browser(app);
    await xia.submit(`/t/${tenant.slug}/login`, {
      email: 'xia@example.test',
      password: 'original pass 1',
    });

    const res = await xia.submit(
      `/t/${tenant.slug}/account`,
      { new_email: 'TAKEN@example.test', email_current_password: 'original pass 1' },
      `/t/${tenant.slug}/account/email`,
    );

    expect(res.status).toBe(200);
    expect(res.text).toContain('If TAKEN@example.test can be used');
    const rows = await container.db.em().execute('select email from users where id = ?', [user.id]);
    expect(rows).toEqual([{ email: 'xia@example.test' }]);
  });
});
