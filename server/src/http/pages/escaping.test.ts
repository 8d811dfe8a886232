import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { browser, givenInteraction } from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

const SCRIPT = '"><script>alert(1)</script>';

describe('C-XSS-1 hosted pages reflect nothing unescaped', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('C-XSS-1 a tenant name, client name and login_hint holding HTML are shown as text on every page', async () => {
    const tenant = await givenTenant(container, {
      displayName: '<img src=x onerror=alert(1)>',
      branding: {
        name: '<script>alert("t")</script>',
        logoUrl: 'javascript:alert(1)',
        primaryColor: 'red;}</style><script>',
      },
    });
    const interaction = await givenInteraction(container, tenant.id, {
      clientName: '<img src=x onerror=alert(2)>',
      loginHint: SCRIPT,
      uiLocales: ['<b>'],
    });

    const pages = await Promise.all(
      ['login', 'signup', 'forgot', 'resend-verification'].map((page) =>
        request(app).get(`/t/${tenant.slug}/${page}?interaction=${interaction}`),
      ),
    );
    const brand = await request(app).get(`/t/${tenant.slug}/assets/brand.css`);

    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.text).not.toMatch(/<script>|<img src=x|<b>/);
      expect(page.text).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
      expect(page.text).not.toContain('javascript:');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
    expect(pages[0]?.text).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(pages[0]?.text).toContain('continue to &lt;img src=x onerror=alert(2)&gt;');
    expect(brand.text).not.toContain('script');
  });

  it('C-XSS-1 input echoed after a failed post (email, names, interaction id) is escaped', async () => {
    const tenant = await givenTenant(container);
    const visitor = browser(app);

    const signup = await visitor.submit(`/t/${tenant.slug}/signup`, {
      email: SCRIPT,
      password: 'x',
      given_name: '<svg onload=alert(1)>',
    });
    const forgot = await visitor.submit(`/t/${tenant.slug}/forgot`, { email: SCRIPT });
    const login = await request(app).get(
      `/t/${tenant.slug}/login?interaction=${encodeURIComponent(SCRIPT)}`,
    );

    expect(signup.status).toBe(400);
    expect(forgot.status).toBe(400);
    for (const page of [signup, forgot, login]) {
      expect(page.text).not.toMatch(/<script>|<svg/);
    }
    expect(signup.text).toContain('&lt;svg onload=alert(1)&gt;');
  });

  it('the error summary is announced (role=alert), focusable, linked to its field, and focused by a static script', async () => {
    const tenant = await givenTenant(container);

    const res = await browser(app).submit(`/t/${tenant.slug}/forgot`, { email: 'nope' });
    const script = await request(app).get(`/t/${tenant.slug}/assets/pages.js`);

    expect(res.text).toMatch(
      /id="error-summary" role="alert" tabindex="-1"|role="alert" tabindex="-1" id="error-summary"/,
    );
    expect(res.text).toContain('<a href="#email">');
    expect(res.text).toContain('aria-describedby="email-error"');
    expect(res.text).toMatch(/<script src="\/t\/[^"]+\/assets\/pages\.js" defer><\/script>/);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.text).toContain("getElementById('error-summary')");
  });
});
