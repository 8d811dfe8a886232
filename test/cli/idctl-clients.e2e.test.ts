import { describe, expect, it } from '@jest/globals';
import {
  givenAdminClient,
  givenTenantVia,
  idctl,
  liveServerForThisFile,
  uniqueSlug,
} from './support.js';

const live = liveServerForThisFile();

describe('idctl clients', () => {
  it('create confidential --json -> clientId and clientSecret that work at the tenant token endpoint', async () => {
    const tenant = await givenTenantVia(live);

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
      { env: live.env },
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
    const token = await fetch(`${live.server.url}/t/${tenant}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(token.status).toBe(200);
  });

  it('create public -> no secret; table output shows its client id', async () => {
    const tenant = await givenTenantVia(live);

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
      { env: live.env },
    );

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^client id\s+\S+$/m);
    expect(result.stdout).toMatch(/^type\s+public$/m);
    expect(result.stdout).not.toContain('client secret');
  });

  it('create and rotate-secret --quiet -> "<clientId> <clientSecret>" on one line; the secret works', async () => {
    const tenant = await givenTenantVia(live);
    const tokenWith = (clientId: string, clientSecret: string) =>
      fetch(`${live.server.url}/t/${tenant}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      });

    const created = await idctl(
      [
        'clients',
        'create',
        '--tenant',
        tenant,
        '--name',
        'ci',
        '--grant-type',
        'client_credentials',
      ].concat(['--quiet']),
      { env: live.env },
    );
    const [clientId = '', firstSecret = ''] = created.stdout.trim().split(' ');
    const rotated = await idctl(
      ['clients', 'rotate-secret', clientId, '--tenant', tenant, '--yes', '--quiet'],
      { env: live.env },
    );
    const [rotatedId, secondSecret = ''] = rotated.stdout.trim().split(' ');

    expect(created.exitCode).toBe(0);
    expect(created.stdout).toMatch(/^\S+ [A-Za-z0-9_-]{43}\n$/);
    expect(rotated.exitCode).toBe(0);
    expect(rotated.stdout).toMatch(/^\S+ [A-Za-z0-9_-]{43}\n$/);
    expect(rotatedId).toBe(clientId);
    expect(secondSecret).not.toBe(firstSecret);
    expect((await tokenWith(clientId, firstSecret)).status).toBe(401);
    expect((await tokenWith(clientId, secondSecret)).status).toBe(200);
  });

  it('create with a relative redirect URI -> exit 1, the error code and the field on stderr', async () => {
    const tenant = await givenTenantVia(live);

    const result = await idctl(
      ['clients', 'create', '--tenant', tenant, '--name', 'web', '--redirect-uri', '/callback'],
      { env: live.env },
    );

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: client\.redirect_uri_invalid: /m);
    expect(result.stderr).toMatch(/^ {2}redirectUris\S*: /m);
    expect(result.stdout).toBe('');
  });

  it('create --grant-type client_credentials -> no scopes; with --scope openid -> exit 1 naming scopes', async () => {
    const tenant = await givenTenantVia(live);
    const machine = ['clients', 'create', '--tenant', tenant, '--name', 'cron'];

    const plain = await idctl([...machine, '--grant-type', 'client_credentials', '--json'], {
      env: live.env,
    });
    const refused = await idctl(
      [...machine, '--grant-type', 'client_credentials', '--scope', 'openid reports:read'],
      { env: live.env },
    );

    expect(plain.exitCode).toBe(0);
    expect(JSON.parse(plain.stdout).scopes).toEqual([]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^error: client\.scope_invalid: .*cannot have: openid\.$/m);
    expect(refused.stderr).toMatch(/^ {2}scopes: /m);
    expect(refused.stdout).toBe('');
  });

  it('rotate-secret --yes --json -> a new secret; list, get, update and delete', async () => {
    const tenant = await givenTenantVia(live);
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
          { env: live.env },
        )
      ).stdout,
    );

    const rotated = await idctl(
      ['clients', 'rotate-secret', created.clientId, '--tenant', tenant, '--yes', '--json'],
      { env: live.env },
    );
    const listed = await idctl(['clients', 'list', '--tenant', tenant, '--quiet'], {
      env: live.env,
    });
    const updated = await idctl(
      ['clients', 'update', created.clientId, '--tenant', tenant, '--name', 'app 2', '--json'],
      { env: live.env },
    );
    const got = await idctl(['clients', 'get', created.clientId, '--tenant', tenant, '--json'], {
      env: live.env,
    });
    const deleted = await idctl(
      ['clients', 'delete', created.clientId, '--tenant', tenant, '--yes', '--json'],
      { env: live.env },
    );
    const gone = await idctl(['clients', 'get', created.clientId, '--tenant', tenant], {
      env: live.env,
    });

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

describe('idctl with a read-only admin client', () => {
  it('a write -> exit 1, "error: auth.insufficient_scope: …" on stderr; a read still works', async () => {
    const readOnly = await givenAdminClient(live.server, ['tenants:read']);
    const limited = {
      ...live.env,
      LATCHKEY_CLIENT_ID: readOnly.clientId,
      LATCHKEY_CLIENT_SECRET: readOnly.clientSecret,
    };

    const write = await idctl(['tenants', 'create', uniqueSlug()], { env: limited });
    const read = await idctl(['tenants', 'list', '--quiet'], { env: limited });

    expect(write.exitCode).toBe(1);
    expect(write.stderr).toMatch(/^error: auth\.insufficient_scope: /m);
    expect(read.exitCode).toBe(0);
  });
});
