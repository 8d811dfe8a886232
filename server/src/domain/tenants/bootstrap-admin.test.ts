import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { givenSystemTenant } from '../../../../test/support/fixtures.js';
import { createApp } from '../../app.js';
import { ConfigError, loadConfig } from '../../config/load.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import { ensureBootstrapAdminClient } from './bootstrap-admin.js';

/** Standard error as a test sees it; `isTTY` as when an operator watches a terminal. */
function captureStream(isTTY = false) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

describe('bootstrap admin client', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  const tokenFor = (clientId: string, clientSecret: string) =>
    request(app).post('/t/system/token').type('form').send({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });

  it('with id and secret configured -> that client is created once, with every admin scope', async () => {
    const system = await givenSystemTenant(container);
    const clientId = `ci-admin-${randomBytes(4).toString('hex')}`;
    const clientSecret = randomBytes(24).toString('base64url');
    const config = {
      ...container.config,
      bootstrapClientId: clientId,
      bootstrapClientSecret: clientSecret,
    };
    const deps = { ...container, config };

    const first = await ensureBootstrapAdminClient(deps, system);
    const second = await ensureBootstrapAdminClient(deps, system);

    expect(first).toEqual({ outcome: 'created_from_config', clientId });
    expect(second).toEqual({ outcome: 'exists', clientId });
    const issued = await tokenFor(clientId, clientSecret);
    expect(issued.status).toBe(200);
    expect(issued.body.scope.split(' ').sort()).toEqual([
      'clients:read',
      'clients:write',
      'events:read',
      'events:write',
      'tenants:read',
      'tenants:write',
      'users:read',
      'users:write',
    ]);
    const tenants = await request(app)
      .get('/admin/v1/tenants')
      .set('Authorization', `Bearer ${issued.body.access_token}`);
    expect(tenants.status).toBe(200);
    expect(JSON.stringify(container.logLines)).not.toContain(clientSecret);
  });

  it('with only one of id and secret configured -> a configuration error', async () => {
    const system = await givenSystemTenant(container);
    const config = {
      ...container.config,
      bootstrapClientId: 'only-the-id',
      bootstrapClientSecret: undefined,
    };

    await expect(ensureBootstrapAdminClient({ ...container, config }, system)).rejects.toThrow(
      ConfigError,
    );
  });

  it('a short secret or an id with unsafe characters is refused at start, the secret not shown', () => {
    const load = (id: string, secret: string) => () =>
      loadConfig({ LATCHKEY_BOOTSTRAP_CLIENT_ID: id, LATCHKEY_BOOTSTRAP_CLIENT_SECRET: secret });

    expect(load('good-client-id', 'too-short-secret')).toThrow(
      /LATCHKEY_BOOTSTRAP_CLIENT_SECRET=\(hidden\) is invalid: expected at least 32 characters/,
    );
    expect(load('bad id/with space', 'x'.repeat(40))).toThrow(/LATCHKEY_BOOTSTRAP_CLIENT_ID/);
  });

  /** A system tenant without clients and no configured credentials: the server must generate. */
  async function givenNoAdminClientConfigured() {
    const system = await givenSystemTenant(container);
    // The test database is shared by every test file: start from a system tenant without clients.
    await container.db.em().nativeDelete(OAuthClientSchema, { tenantId: system.id });
    const config = {
      ...container.config,
      bootstrapClientId: undefined,
      bootstrapClientSecret: undefined,
    };
    return { system, config };
  }

  it('unset, with no admin client yet -> one is generated, shown once on a terminal and written 0600', async () => {
    const { system, config } = await givenNoAdminClientConfigured();
    const first = captureStream(true);
    const second = captureStream(true);

    const generated = await ensureBootstrapAdminClient(
      { ...container, config },
      system,
      first.stream,
    );
    const again = await ensureBootstrapAdminClient({ ...container, config }, system, second.stream);

    expect(generated.outcome).toBe('generated');
    expect(generated.file).toBe(path.join(config.dataDir, 'bootstrap-admin.json'));
    const file = generated.file ?? '';
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(saved.clientId).toBe(generated.clientId);
    expect(first.text()).toContain(saved.clientSecret);
    expect((await tokenFor(saved.clientId!, saved.clientSecret!)).status).toBe(200);
    expect(again.outcome).toBe('exists');
    expect(second.text()).toBe('');
    const logged = container.logLines.find((line) => line.file === file);
    expect(logged).toBeDefined();
    expect(JSON.stringify(container.logLines)).not.toContain(saved.clientSecret);
  });

  it('generated while standard error is not a terminal -> the secret is not printed, the file is named', async () => {
    const { system, config } = await givenNoAdminClientConfigured();
    const piped = captureStream(false);

    const generated = await ensureBootstrapAdminClient(
      { ...container, config },
      system,
      piped.stream,
    );

    const file = generated.file ?? '';
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(piped.text()).toContain(saved.clientId);
    expect(piped.text()).toContain(file);
    expect(piped.text()).not.toContain(saved.clientSecret);
    expect((await tokenFor(saved.clientId!, saved.clientSecret!)).status).toBe(200);
  });
});
