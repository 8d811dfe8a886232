import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { browser, csrfFrom, givenUser } from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

describe('hosted page forms that are not UTF-8', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  /** Posts raw urlencoded bytes, as a hand-made client would, with the page's CSRF token. */
  async function postRaw(path: string, body: string | Buffer) {
    const who = browser(app);
    const page = await who.get(path);
    const post = who.agent.post(path).type('form');
    // Written, not sent: supertest would serialise a Buffer as an object.
    post.write(Buffer.concat([Buffer.from(body), Buffer.from(`&_csrf=${csrfFrom(page.text)}`)]));
    return post;
  }

  const usersOf = (tenantId: string) =>
    container.db
      .em()
      .execute('select email, given_name from users where tenant_id = ?', [tenantId]);

  it('POST /t/:tenant/signup given_name=%ff%fe -> 400 naming the first-name field, nothing stored', async () => {
    const tenant = await givenTenant(container);

    const res = await postRaw(
      `/t/${tenant.slug}/signup`,
      'email=ana%40example.test&password=a+long+passphrase&given_name=%ff%fe',
    );

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('The form could not be read');
    expect(res.text).toContain('The field “First name (optional)” held characters that are not');
    expect(await usersOf(tenant.id)).toEqual([]);
  });

  it.each([
    ['a bad escape in the email', 'email=bad%ffutf%40example.test&password=a+long+passphrase'],
    ['an encoded surrogate half', 'email=ed%ed%a0%80%40example.test&password=a+long+passphrase'],
  ])('POST /t/:tenant/signup with %s -> 400, nothing stored', async (_case, body) => {
    const tenant = await givenTenant(container);

    const res = await postRaw(`/t/${tenant.slug}/signup`, body);

    expect(res.status).toBe(400);
    expect(res.text).toContain('The field “Email address” held characters that are not');
    expect(await usersOf(tenant.id)).toEqual([]);
  });

  it('POST /t/:tenant/signup with a raw byte that is not UTF-8 -> 400 without a field name, nothing stored', async () => {
    const tenant = await givenTenant(container);
    const body = Buffer.concat([
      Buffer.from('email=raw@example.test&password=a+long+passphrase&family_name='),
      Buffer.from([0xff, 0xfe]),
    ]);

    const res = await postRaw(`/t/${tenant.slug}/signup`, body);

    expect(res.status).toBe(400);
    expect(res.text).toContain('The form held characters that are not text (UTF-8).');
    expect(await usersOf(tenant.id)).toEqual([]);
  });

  it('POST /t/:tenant/signup with UTF-8 escapes and a lone % -> accepted and stored as typed', async () => {
    const tenant = await givenTenant(container);

    const res = await postRaw(
      `/t/${tenant.slug}/signup`,
      'email=jose%40example.test&password=100%+a+long+passphrase&given_name=Jos%C3%A9',
    );

    expect(res.status).toBe(200);
    expect(res.text).toContain('Check your mail');
    expect(await usersOf(tenant.id)).toEqual([
      { email: 'jose@example.test', given_name: 'Jos\u00e9' },
    ]);
    const [row] = await container.db
      .em()
      .execute('select password_hash from users where tenant_id = ?', [tenant.id]);
    expect(
      await container.crypto.passwords.verify(row.password_hash, '100% a long passphrase'),
    ).toBe(true);
  });

  it('POST /t/:tenant/login with email=bad%ffutf@… -> 400 naming the email field, not a failed sign-in', async () => {
    const tenant = await givenTenant(container);
    await givenUser(container, tenant, {
      email: 'badutf@example.test',
      password: 'correct horse 1',
    });

    const res = await postRaw(
      `/t/${tenant.slug}/login`,
      'email=bad%ffutf%40example.test&password=correct+horse+1',
    );

    expect(res.status).toBe(400);
    expect(res.text).toContain('The field “Email address” held characters that are not');
    const attempts = await container.db
      .em()
      .execute('select 1 from login_attempts where tenant_id = ?', [tenant.id]);
    expect(attempts).toEqual([]);
  });
});
