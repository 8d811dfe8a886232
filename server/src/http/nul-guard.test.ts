import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { givenAdminToken } from '../../../test/support/admin.js';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../test/support/fixtures.js';
import { browser } from '../../../test/support/hosted-pages.js';
import { createApp } from '../app.js';

/** NUL in input: a 400 naming where, never a driver error, and nothing of it in the log. */
describe('the NUL character in input', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  let tenant: Awaited<ReturnType<typeof givenTenant>>;
  let client: Awaited<ReturnType<typeof givenClient>>;
  let admin: string;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
    tenant = await givenTenant(container);
    client = await givenClient(container, tenant, { grantTypes: ['client_credentials'] });
    admin = await givenAdminToken(container, app);
  });
  afterAll(async () => {
    await container?.close();
  });

  const serverErrors = () => container.logLines.filter((line) => line.level === 'error');

  it('at the token endpoint, in client_id or in Basic credentials -> 400 invalid_request or 401 invalid_client', async () => {
    const posted = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .type('form')
      .send('grant_type=client_credentials&client_id=a%00b&client_secret=x');
    const basic = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .set('Authorization', `Basic ${Buffer.from('a\u0000b:x').toString('base64')}`)
      .type('form')
      .send('grant_type=client_credentials');
    const good = await request(app)
      .post(`/t/${tenant.slug}/token`)
      .auth(client.client.clientId, client.clientSecret!)
      .type('form')
      .send('grant_type=client_credentials');

    expect(posted.status).toBe(400);
    expect(posted.body).toEqual({
      error: 'invalid_request',
      error_description: 'The parameter client_id must not contain the NUL character.',
    });
    expect(basic.status).toBe(401);
    expect(basic.body.error).toBe('invalid_client');
    expect(good.status).toBe(200);
    expect(serverErrors()).toEqual([]);
  });

  it('in an admin API body or path -> 400 naming the field; nothing is created', async () => {
    const slug = `nul-${Date.now()}`;
    const created = await request(app)
      .post('/admin/v1/tenants')
      .set('Authorization', `Bearer ${admin}`)
      .send({ slug, displayName: 'a\u0000b' });
    const fetched = await request(app)
      .get('/admin/v1/tenants/a%00b')
      .set('Authorization', `Bearer ${admin}`);
    const listed = await request(app)
      .get(`/admin/v1/tenants/${slug}`)
      .set('Authorization', `Bearer ${admin}`);

    expect(created.status).toBe(400);
    expect(created.body.errors).toEqual([
      { field: 'displayName', message: 'Must not contain the NUL character.' },
    ]);
    expect(fetched.status).toBe(400);
    expect(fetched.body.errors).toEqual([
      { field: 'path', message: 'Must not contain the NUL character.' },
    ]);
    expect(listed.status).toBe(404);
    expect(serverErrors()).toEqual([]);
  });

  it('in a hosted sign-up field -> the 400 form page; no account, nothing logged as an error', async () => {
    const visitor = browser(app);
    const res = await visitor.submit(`/t/${tenant.slug}/signup`, {
      email: 'nul@example.test',
      password: 'a long passphrase',
      given_name: 'a\u0000b',
      family_name: '',
    });
    const users = await container.db
      .em()
      .execute('select 1 from users where tenant_id = ? and email = ?', [
        tenant.id,
        'nul@example.test',
      ]);

    expect(res.status).toBe(400);
    expect(users).toEqual([]);
    expect(serverErrors()).toEqual([]);
  });
});
