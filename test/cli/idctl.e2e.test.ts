import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ciEnv,
  freshConfigHome,
  givenAdminClient,
  idctl,
  type RunningServer,
  startServer,
} from './support.js';

let server: RunningServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer();
  env = ciEnv(server, await freshConfigHome());
});
afterAll(async () => {
  await server?.close();
});

const slug = () => `cli-${randomUUID().slice(0, 8)}`;

async function givenTenant(): Promise<string> {
  const name = slug();
  const created = await idctl(['tenants', 'create', name, '--json'], { env });
  expect(created.exitCode).toBe(0);
  return name;
}

describe('idctl login', () => {
  it('verifies the credentials, saves profiles.json 0600, and later commands use it', async () => {
    const configHome = await freshConfigHome();
    const { clientId, clientSecret } = server.admin;

    const login = await idctl(
      [
        'login',
        '--url',
        server.url,
        '--client-id',
        clientId,
        '--client-secret-stdin',
        '--profile',
        'ci',
        '--json',
      ],
      { env: { XDG_CONFIG_HOME: configHome }, input: `${clientSecret}\n` },
    );
    const list = await idctl(['tenants', 'list', '--profile', 'ci', '--json'], {
      env: { XDG_CONFIG_HOME: configHome },
    });

    expect(login.exitCode).toBe(0);
    const file = path.join(configHome, 'latchkey/profiles.json');
    expect(JSON.parse(login.stdout)).toMatchObject({
      profile: 'ci',
      url: server.url,
      clientId,
      path: file,
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveProperty('items');
  });

  it('wrong secret -> exit 1, "error: invalid_client" on stderr, nothing saved', async () => {
    const configHome = await freshConfigHome();

    const login = await idctl(
      [
        'login',
        '--url',
        server.url,
        '--client-id',
        server.admin.clientId,
        '--client-secret',
        'wrong',
      ],
      { env: { XDG_CONFIG_HOME: configHome } },
    );

    expect(login.exitCode).toBe(1);
    expect(login.stderr).toMatch(/^error: invalid_client: /m);
    expect(login.stdout).toBe('');
    await expect(stat(path.join(configHome, 'latchkey/profiles.json'))).rejects.toThrow();
  });
});

describe('idctl tenants', () => {
  it('create --json -> one JSON document on stdout with slug and issuer', async () => {
    const name = slug();

    const result = await idctl(
      ['tenants', 'create', name, '--name', 'Acme', '--allowed-domain', 'acme.test', '--json'],
      { env },
    );

    expect(result.exitCode).toBe(0);
    const tenant = JSON.parse(result.stdout);
    expect(tenant).toMatchObject({
      slug: name,
      displayName: 'Acme',
      allowedDomains: ['acme.test'],
      status: 'active',
    });
    expect(tenant.issuer).toMatch(new RegExp(`/t/${name}$`));
  });

  it('list -> a table with a header and the tenant; --quiet -> slugs only', async () => {
    const name = await givenTenant();

    const table = await idctl(['tenants', 'list', '--limit', '200'], { env });
    const quiet = await idctl(['tenants', 'list', '--limit', '200', '--quiet'], { env });

    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/SLUG\s+│ NAME/);
    expect(table.stdout).toContain(name);
    expect(quiet.stdout.split('\n')).toContain(name);
  });

  it('get -> key/value lines', async () => {
    const name = await givenTenant();

    const result = await idctl(['tenants', 'get', name], { env });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^slug\\s+${name}$`, 'm'));
    expect(result.stdout).toMatch(/^issuer\s+http:\/\/\S+\/t\//m);
  });

  it('get of an unknown slug -> exit 1, "error: tenant.not_found: …" on stderr, stdout empty', async () => {
    const result = await idctl(['tenants', 'get', 'no-such-tenant', '--json'], { env });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: tenant\.not_found: /m);
    expect(result.stdout).toBe('');
  });

  it('update --name -> the new name', async () => {
    const name = await givenTenant();

    const result = await idctl(['tenants', 'update', name, '--name', 'Renamed', '--json'], { env });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug: name, displayName: 'Renamed' });
  });

  it('delete without --yes and without a TTY -> exit 2, naming --yes; with --yes -> status deleting', async () => {
    const name = await givenTenant();

    const refused = await idctl(['tenants', 'delete', name], { env });
    const deleted = await idctl(['tenants', 'delete', name, '--yes', '--json'], { env });

    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(deleted.exitCode).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ slug: name, status: 'deleting' });
  });
});

describe('idctl clients', () => {
  it('create confidential --json -> clientId and clientSecret that work at the tenant token endpoint', async () => {
    const tenant = await givenTenant();

    const result = await idctl(
      [
        'clients',
        'create',
        '--tenant',
        tenant,
        '--name',
        'deployer',
        '--grant-type',
        'client_credentials',
        '--scope',
        'deploy',
        '--json',
      ],
      { env },
    );

    expect(result.exitCode).toBe(0);
    const client = JSON.parse(result.stdout);
    expect(client).toMatchObject({
      tenant,
      name: 'deployer',
      type: 'confidential',
      grantTypes: ['client_credentials'],
    });
    expect(client.clientSecret).toEqual(expect.any(String));
    const token = await fetch(`${server.url}/t/${tenant}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(token.status).toBe(200);
  });

  it('create public -> no secret; table output shows its client id', async () => {
    const tenant = await givenTenant();

    const result = await idctl(
      [
        'clients',
        'create',
        '--tenant',
        tenant,
        '--name',
        'mobile',
        '--public',
        '--redirect-uri',
        'http://127.0.0.1/cb',
      ],
      { env },
    );

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^client id\s+\S+$/m);
    expect(result.stdout).toMatch(/^type\s+public$/m);
    expect(result.stdout).not.toContain('client secret');
  });

  it('create with a relative redirect URI -> exit 1, the error code and the field on stderr', async () => {
    const tenant = await givenTenant();

    const result = await idctl(
      ['clients', 'create', '--tenant', tenant, '--name', 'web', '--redirect-uri', '/callback'],
      { env },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: client\.redirect_uri_invalid: /m);
    expect(result.stderr).toMatch(/^ {2}redirectUris\S*: /m);
    expect(result.stdout).toBe('');
  });

  it('rotate-secret --yes --json -> a new secret; list, get, update and delete', async () => {
    const tenant = await givenTenant();
    const created = JSON.parse(
      (
        await idctl(
          [
            'clients',
            'create',
            '--tenant',
            tenant,
            '--name',
            'app',
            '--redirect-uri',
            'https://app.test/cb',
            '--json',
          ],
          { env },
        )
      ).stdout,
    );

    const rotated = await idctl(
      ['clients', 'rotate-secret', created.clientId, '--tenant', tenant, '--yes', '--json'],
      { env },
    );
    const listed = await idctl(['clients', 'list', '--tenant', tenant, '--quiet'], { env });
    const updated = await idctl(
      ['clients', 'update', created.clientId, '--tenant', tenant, '--name', 'app 2', '--json'],
      { env },
    );
    const got = await idctl(['clients', 'get', created.clientId, '--tenant', tenant, '--json'], {
      env,
    });
    const deleted = await idctl(
      ['clients', 'delete', created.clientId, '--tenant', tenant, '--yes', '--json'],
      { env },
    );
    const gone = await idctl(['clients', 'get', created.clientId, '--tenant', tenant], { env });

    expect(rotated.exitCode).toBe(0);
    const secret = JSON.parse(rotated.stdout).clientSecret;
    expect(secret).toEqual(expect.any(String));
    expect(secret).not.toBe(created.clientSecret);
    expect(listed.stdout.trim().split('\n')).toEqual([created.clientId]);
    expect(JSON.parse(updated.stdout)).toMatchObject({ clientId: created.clientId, name: 'app 2' });
    expect(JSON.parse(got.stdout)).not.toHaveProperty('clientSecret');
    expect(deleted.exitCode).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({
      clientId: created.clientId,
      tenant,
      deleted: true,
    });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/^error: client\.not_found: /m);
  });
});

describe('idctl users', () => {
  it('create --password-stdin --email-verified, list --email, disable, enable, update, delete', async () => {
    const tenant = await givenTenant();
    const email = `ada-${randomUUID().slice(0, 6)}@acme.test`;

    const created = await idctl(
      [
        'users',
        'create',
        '--tenant',
        tenant,
        '--email',
        email,
        '--password-stdin',
        '--email-verified',
        '--given-name',
        'Ada',
        '--json',
      ],
      { env, input: 'correct horse battery staple\n' },
    );
    expect(created.exitCode).toBe(0);
    const user = JSON.parse(created.stdout);
    expect(user).toMatchObject({
      tenant,
      email,
      emailVerified: true,
      givenName: 'Ada',
      status: 'active',
    });
    expect(user).not.toHaveProperty('password');

    const found = await idctl(
      ['users', 'list', '--tenant', tenant, '--email', email.toUpperCase(), '--json'],
      { env },
    );
    expect(JSON.parse(found.stdout).items.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const disabled = await idctl(['users', 'disable', user.id, '--tenant', tenant, '--json'], {
      env,
    });
    expect(JSON.parse(disabled.stdout)).toMatchObject({ id: user.id, status: 'disabled' });
    const enabled = await idctl(['users', 'enable', user.id, '--tenant', tenant, '--json'], {
      env,
    });
    expect(JSON.parse(enabled.stdout)).toMatchObject({ id: user.id, status: 'active' });

    const updated = await idctl(
      ['users', 'update', user.id, '--tenant', tenant, '--family-name', 'Lovelace'],
      { env },
    );
    expect(updated.stdout).toMatch(/^family name\s+Lovelace$/m);

    const table = await idctl(['users', 'list', '--tenant', tenant], { env });
    expect(table.stdout).toMatch(/EMAIL/);
    expect(table.stdout).toContain(email);

    const deleted = await idctl(['users', 'delete', user.id, '--tenant', tenant, '--yes'], { env });
    expect(deleted.exitCode).toBe(0);
    const gone = await idctl(['users', 'get', user.id, '--tenant', tenant], { env });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/^error: user\.not_found: /m);
  });

  it('create with an email already taken (other case) -> exit 1 with the conflict code', async () => {
    const tenant = await givenTenant();
    await idctl(['users', 'create', '--tenant', tenant, '--email', 'grace@acme.test'], { env });

    const again = await idctl(
      ['users', 'create', '--tenant', tenant, '--email', 'Grace@ACME.test'],
      { env },
    );

    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^error: user\.\w+: /m);
  });
});

describe('idctl dead-letters and status', () => {
  it('dead-letters list --json -> a page', async () => {
    const result = await idctl(['dead-letters', 'list', '--json'], { env });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ items: expect.any(Array), nextCursor: null });
  });

  it('status --json -> ready, the version and each dependency', async () => {
    const result = await idctl(['status', '--json'], { env });

    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ ready: true, version: expect.any(String) });
    expect(Object.keys(status.checks).sort()).toEqual(['bus', 'cache', 'database']);
  });

  it('status -> a table of dependencies', async () => {
    const result = await idctl(['status'], { env });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^status\s+ready$/m);
    expect(result.stdout).toMatch(/database\s+│/);
  });
});

describe('idctl with a read-only admin client', () => {
  it('a write -> exit 1, "error: auth.insufficient_scope: …" on stderr; a read still works', async () => {
    const readOnly = await givenAdminClient(server, ['tenants:read']);
    const limited = {
      ...env,
      LATCHKEY_CLIENT_ID: readOnly.clientId,
      LATCHKEY_CLIENT_SECRET: readOnly.clientSecret,
    };

    const write = await idctl(['tenants', 'create', slug()], { env: limited });
    const read = await idctl(['tenants', 'list', '--quiet'], { env: limited });

    expect(write.exitCode).toBe(1);
    expect(write.stderr).toMatch(/^error: auth\.insufficient_scope: /m);
    expect(read.exitCode).toBe(0);
  });
});
