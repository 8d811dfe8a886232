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
import { outboxEvents } from '../../../../test/support/outbox.js';
import { createApp } from '../../app.js';

describe('hosted account page', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let mailbox: Mailbox;
  beforeAll(async () => {
    container = await createTestContainer({ loginMaxFailures: 3, loginLockSeconds: 60 });
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

  /** A browser signed in as a new user of a new tenant, and how to post its account forms. */
  async function givenSignedIn(email: string, password: string) {
    const tenant = await givenTenant(container);
    const user = await givenUser(container, tenant, { email, password });
    const who = browser(app);
    await who.submit(`/t/${tenant.slug}/login`, { email, password });
    const post = (form: 'password' | 'email', fields: Record<string, string>) =>
      who.submit(`/t/${tenant.slug}/account`, fields, `/t/${tenant.slug}/account/${form}`);
    const signIn = (attempt: string) =>
      browser(app).submit(`/t/${tenant.slug}/login`, { email, password: attempt });
    return { tenant, user, post, signIn };
  }

  it('POST /t/:tenant/account/password wrong current password past the sign-in limit -> 429; the right one is refused too, and so is sign-in', async () => {
    const { tenant, user, post, signIn } = await givenSignedIn(
      'lox@example.test',
      'original pass 1',
    );
    const guess = (current: string) =>
      post('password', { current_password: current, new_password: 'taken over now' });

    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push((await guess(`guess number ${i}`)).status);
    const right = await guess('original pass 1');
    const signInAfter = await signIn('original pass 1');

    expect(wrong).toEqual([400, 400, 400]);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(right.text).toContain('Too many failed sign-ins');
    expect(right.text).not.toContain('Your password has been changed');
    expect(signInAfter.status).toBe(429);
    expect(signInAfter.text).toContain('Too many failed sign-ins');
    const [row] = await container.db
      .em()
      .execute('select password_hash from users where id = ?', [user.id]);
    expect(await container.crypto.passwords.verify(row.password_hash, 'original pass 1')).toBe(
      true,
    );
    const audited = await outboxEvents(container, 'user.reauth.failed', tenant.slug);
    expect(audited.map((event) => event.data)).toEqual([
      { userId: user.id, reason: 'failed' },
      { userId: user.id, reason: 'failed' },
      { userId: user.id, reason: 'failed' },
      { userId: user.id, reason: 'throttled' },
    ]);
  });

  it('wrong passwords at sign-in and on the change-email form share one count -> the email form answers 429 and changes nothing', async () => {
    const { user, post, signIn } = await givenSignedIn('lyn@example.test', 'original pass 1');

    const signInStatuses = [
      (await signIn('wrong one 1')).status,
      (await signIn('wrong one 2')).status,
    ];
    const wrongHere = await post('email', {
      new_email: 'lyn.new@example.test',
      email_current_password: 'wrong one 3',
    });
    const rightHere = await post('email', {
      new_email: 'lyn.new@example.test',
      email_current_password: 'original pass 1',
    });

    expect(signInStatuses).toEqual([401, 401]);
    expect(wrongHere.status).toBe(400);
    expect(rightHere.status).toBe(429);
    expect(rightHere.text).toContain('Too many failed sign-ins');
    const rows = await container.db.em().execute('select email from users where id = ?', [user.id]);
    expect(rows).toEqual([{ email: 'lyn@example.test' }]);
  });

  it('a right current password clears the count as a sign-in does; an empty one is a mistake, not a guess', async () => {
    const { post, signIn } = await givenSignedIn('lea@example.test', 'original pass 1');
    const change = (current: string, next: string) =>
      post('password', { current_password: current, new_password: next });

    const empty = [];
    for (let i = 0; i < 4; i++) empty.push(await change('', 'another long one'));
    const wrong = [
      (await change('wrong one 1', 'another long one')).status,
      (await change('wrong one 2', 'another long one')).status,
    ];
    const right = await change('original pass 1', 'the second password');
    const later = [
      (await signIn('wrong one 3')).status,
      (await signIn('wrong one 4')).status,
      (await signIn('the second password')).status,
    ];

    expect(empty.map((res) => res.status)).toEqual([400, 400, 400, 400]);
    expect(empty[0]?.text).toContain(
      '<a href="#current_password">Enter your current password.</a>',
    );
    expect(wrong).toEqual([400, 400]);
    expect(right.status).toBe(200);
    expect(later).toEqual([401, 401, 303]);
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
