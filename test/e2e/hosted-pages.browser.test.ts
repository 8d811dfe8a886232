import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import * as oidc from 'openid-client';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../../server/src/app.js';
import { accountRequestsConsumer } from '../../server/src/workers/account-requests-consumer.js';
import { mailConsumer } from '../../server/src/workers/mail-consumer.js';
import { createTestContainer, type TestContainer } from '../support/container.js';
import { givenClient, givenTenant } from '../support/fixtures.js';
import { givenInteraction } from '../support/hosted-pages.js';
import { freePort } from '../support/ports.js';
import { ROOT } from '../support/processes.js';
import { decodeMime, startSmtpListener } from '../support/smtp-listener.js';

/**
 * Screenshots go to a scratch folder, so that a test run leaves the tree as it was;
 * UPDATE_SCREENSHOTS=1 writes them into docs/screenshots for docs/end-user-flows.md instead.
 */
const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(ROOT, 'docs/screenshots')
    : mkdtempSync(path.join(os.tmpdir(), 'latchkey-shots-'));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The journey a new user takes, in headless Chromium against a listening server: an
 * openid-client relying party starts sign-in, the user signs up, receives the mail at a real
 * SMTP listener, follows the link and presses its confirm button, signs in, consents and lands
 * on the app with tokens; then forgets the password, resets it from the mail and signs in with
 * the new one. Each page is photographed (see SHOTS).
 */
describe('hosted pages in a real browser', () => {
  let container: TestContainer;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let server: Server;
  let rp: Server;
  let browser: Browser;
  let issuerBase = '';
  let rpBase = '';
  const rpResults: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    smtp = await startSmtpListener();
    const port = await freePort();
    issuerBase = `http://127.0.0.1:${port}`;
    container = await createTestContainer({
      publicUrl: issuerBase,
      smtpUrl: smtp.url,
      logLevel: 'info',
    });
    await container.startConsumers([accountRequestsConsumer(container), mailConsumer(container)]);
    container.relay.start();
    const app = createApp(container);
    server = await new Promise((resolve) => {
      const listening = createServer(app).listen(port, '127.0.0.1', () => resolve(listening));
    });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (rp ? rp.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await container?.close();
    await smtp?.close();
  });

  /** A tiny relying party on openid-client: /start redirects to authorize, /cb redeems the code. */
  async function startRelyingParty(
    slug: string,
    clientId: string,
    clientSecret: string,
    rpPort: number,
  ) {
    rpBase = `http://127.0.0.1:${rpPort}`;
    const config = await oidc.discovery(
      new URL(`${issuerBase}/t/${slug}`),
      clientId,
      clientSecret,
      oidc.ClientSecretBasic(clientSecret),
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const app = express();
    app.get('/start', async (_req, res) => {
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${rpBase}/cb`,
        scope: 'openid email offline_access',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        prompt: 'consent',
      });
      res.redirect(url.href);
    });
    app.get('/cb', async (req, res) => {
      const tokens = await oidc.authorizationCodeGrant(config, new URL(req.originalUrl, rpBase), {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const claims = tokens.claims();
      rpResults.push({ claims, hasRefresh: Boolean(tokens.refresh_token) });
      res
        .type('html')
        .send(
          `<!doctype html><title>Example App</title><h1>Signed in to Example App</h1><p id="who">${claims?.email}</p>`,
        );
    });
    rp = await new Promise((resolve) => {
      const listening = app.listen(rpPort, '127.0.0.1', () => resolve(listening));
    });
  }

  async function shoot(page: Page, name: string) {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function linkFromMail(to: string, page: string, after: number): Promise<string> {
    const until = Date.now() + 15000;
    for (;;) {
      const mail = smtp.received
        .slice(after)
        .find((each) => each.to.includes(to) && decodeMime(each.raw).includes(`/${page}?`));
      if (mail) {
        const match = new RegExp(`https?://[^\\s"<>]+/${page}\\?[^\\s"<>]+`).exec(
          decodeMime(mail.raw),
        );
        if (match) return match[0].replace(/&amp;/g, '&');
      }
      if (Date.now() > until) throw new Error(`no ${page} mail to ${to}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('sign up from an app, confirm by mail, sign in, consent, land on the app with tokens; then reset the password', async () => {
    const tenant = await givenTenant(container, {
      displayName: 'Acme',
      branding: { name: 'Acme Corp', primaryColor: '#0b7a53' },
    });
    const rpPort = await freePort();
    const { client, clientSecret } = await givenClient(container, tenant, {
      name: 'Example App',
      redirectUris: [`http://127.0.0.1:${rpPort}/cb`],
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      firstParty: false,
    });
    await startRelyingParty(tenant.slug, client.clientId, clientSecret ?? '', rpPort);
    const context = await browser.newContext({ viewport: { width: 900, height: 820 } });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const email = 'newcomer@example.test';

    // The app sends the browser to sign in; the user has no account yet.
    await page.goto(`${rpBase}/start`);
    await page.waitForURL(/\/login\?interaction=/);
    expect(await page.textContent('main')).toContain('Sign in to continue to Example App.');
    await shoot(page, 'login');
    await page.click('text=Create an account');
    await page.waitForURL(/\/signup\?interaction=/);
    await page.fill('#email', email);
    await page.fill('#password', 'short');
    await page.click('button[type=submit]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await shoot(page, 'signup-error');
    await page.fill('#password', 'correct horse battery');
    await page.fill('#given_name', 'Nova');
    await shoot(page, 'signup');
    const before = smtp.received.length;
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('Check your mail');
    await shoot(page, 'check-mail');

    // The mail arrives at the SMTP listener; its link opens a page whose button confirms the
    // address (a mail scanner that only follows the link confirms nothing).
    const verifyLink = await linkFromMail(email, 'verify', before);
    expect(verifyLink.startsWith(`${issuerBase}/t/${tenant.slug}/verify?token=`)).toBe(true);
    await page.goto(verifyLink);
    expect(await page.textContent('h1')).toBe('Confirm your email address');
    await shoot(page, 'verify');
    await page.click('button[type=submit]');
    expect(await page.textContent('h1')).toBe('Your email address is confirmed');
    await shoot(page, 'verified');
    await page.click('text=Continue to sign in');
    await page.waitForURL(/\/login\?interaction=/);

    // Keyboard only: Tab to the email field, type, Tab, type, Enter.
    for (let i = 0; i < 6; i++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === 'email') break;
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/consent/);
    await shoot(page, 'consent');
    await page.click('button[value=allow]');
    await page.waitForURL(`${rpBase}/cb**`);
    expect(await page.textContent('#who')).toBe(email);
    expect(rpResults.at(-1)).toMatchObject({
      claims: { email, email_verified: true },
      hasRefresh: true,
    });
    await shoot(page, 'app-signed-in');

    // Later, in a fresh browser: forgot password, mail, reset, sign in with the new password.
    const later = await browser.newContext({ viewport: { width: 900, height: 820 } });
    const again = await later.newPage();
    await again.goto(`${issuerBase}/t/${tenant.slug}/login`);
    await again.click('text=Forgot your password?');
    await again.fill('#email', email.toUpperCase());
    await shoot(again, 'forgot');
    const beforeReset = smtp.received.length;
    await again.click('button[type=submit]');
    expect(await again.textContent('h1')).toBe('Check your mail');
    const resetLink = await linkFromMail(email, 'reset', beforeReset);
    await again.goto(resetLink);
    await again.fill('#password', 'a brand new passphrase');
    await shoot(again, 'reset');
    await again.click('button[type=submit]');
    expect(await again.textContent('h1')).toBe('Your password has been changed');
    await shoot(again, 'reset-done');
    await again.click('text=Continue to sign in');
    await again.fill('#email', email);
    await again.fill('#password', 'correct horse battery');
    await again.click('button[type=submit]');
    expect(await again.textContent('.error-summary')).toContain(
      'The email or password is not right.',
    );
    await shoot(again, 'login-error');
    await again.fill('#password', 'a brand new passphrase');
    await again.click('button[type=submit]');
    await again.waitForURL(`${issuerBase}/t/${tenant.slug}/account`);
    expect(await again.textContent('main')).toContain(email);
    await shoot(again, 'account');

    // The reset ended the first browser's session and its refresh token family.
    const families = await container.db
      .em()
      .execute('select revoked_reason from token_families where tenant_id = ?', [tenant.id]);
    expect(families).toEqual([{ revoked_reason: 'password_reset' }]);
    expect(dialogs).toEqual([]);
    await context.close();
    await later.close();
  });

  it('C-XSS-1 pages with an HTML tenant name, client name and login_hint run no script in Chromium', async () => {
    const tenant = await givenTenant(container, {
      displayName: '<img src=x onerror=alert(1)>',
      branding: { name: '<script>alert("tenant")</script>' },
    });
    const interaction = await givenInteraction(container, tenant.id, {
      clientName: '<img src=x onerror=alert(2)>',
      loginHint: '"><script>alert(3)</script>',
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });

    for (const name of ['login', 'signup', 'forgot', 'resend-verification']) {
      await page.goto(`${issuerBase}/t/${tenant.slug}/${name}?interaction=${interaction}`);
      expect(await page.textContent('.tenant-name')).toBe('<script>alert("tenant")</script>');
    }
    await page.goto(`${issuerBase}/t/${tenant.slug}/login?interaction=${interaction}`);
    expect(await page.inputValue('#email')).toBe('"><script>alert(3)</script>');
    expect(await page.textContent('main p')).toBe(
      'Sign in to continue to <img src=x onerror=alert(2)>.',
    );
    await shoot(page, 'escaped-tenant-name');

    expect(dialogs).toEqual([]);
    await context.close();
  });
});
