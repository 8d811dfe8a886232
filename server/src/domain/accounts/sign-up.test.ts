import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { browser } from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';
import { UserSchema } from '../../persistence/entities/user.js';
import { DomainError } from '../errors.js';
import { validateSignUp } from './sign-up.js';

describe('sign-up: names and Unicode domains', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const usersOf = (tenant: { id: string }) =>
    container.db.em().find(UserSchema, { tenantId: tenant.id });

  it('validateSignUp names each name field holding a control or bidi character', () => {
    let caught: unknown;
    try {
      validateSignUp({
        email: 'jo@example.test',
        password: 'a long passphrase',
        givenName: 'Jo\u202e',
        familyName: 'Bloggs\u001b[2J',
      });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).fields).toEqual([
      { field: 'given_name', message: expect.stringMatching(/U\+202E is an invisible bidi/) },
      { field: 'family_name', message: expect.stringMatching(/U\+001B is a control character/) },
    ]);
  });

  it('POST /t/:tenant/signup with RIGHT-TO-LEFT OVERRIDE in given_name -> 400 naming it, no account', async () => {
    const tenant = await givenTenant(container);

    const res = await browser(app).submit(`/t/${tenant.slug}/signup`, {
      email: 'jo@example.test',
      password: 'a long passphrase',
      given_name: 'Jo\u202eevil',
      family_name: '',
    });

    expect(res.status).toBe(400);
    expect(res.text).toContain('U+202E is an invisible bidirectional control');
    expect(await usersOf(tenant)).toEqual([]);
  });

  it('POST /t/:tenant/signup at EXÄMPLE.com, allowed as its punycode -> stored in punycode; signs in with either form', async () => {
    const tenant = await givenTenant(container, {
      allowedDomains: ['xn--exmple-cua.com'],
      settings: { requireEmailVerification: false },
    });
    const ann = browser(app);

    const signup = await ann.submit(`/t/${tenant.slug}/signup`, {
      email: 'ann@EXÄMPLE.com',
      password: 'a long passphrase',
    });
    const viaPunycode = await browser(app).submit(`/t/${tenant.slug}/login`, {
      email: 'ann@xn--exmple-cua.com',
      password: 'a long passphrase',
    });
    const viaUnicode = await browser(app).submit(`/t/${tenant.slug}/login`, {
      email: 'ann@exämple.com',
      password: 'a long passphrase',
    });

    expect(signup.status).toBe(200);
    expect(signup.text).toContain('Check your mail');
    expect((await usersOf(tenant)).map((user) => user.email)).toEqual(['ann@xn--exmple-cua.com']);
    expect(viaPunycode.status).toBe(303);
    expect(viaUnicode.status).toBe(303);
  });
});
