import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import {
  browser,
  cookieFrom,
  givenUser,
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
});
