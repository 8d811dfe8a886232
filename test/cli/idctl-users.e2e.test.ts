import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { givenTenantVia, idctl, liveServerForThisFile } from './support.js';

const live = liveServerForThisFile();

describe('idctl users', () => {
  it('create --password-stdin --email-verified, list --email, disable, enable, update, delete', async () => {
    const tenant = await givenTenantVia(live);
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
      { env: live.env, input: 'correct horse battery staple\n' },
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
      { env: live.env },
    );
    expect(JSON.parse(found.stdout).items.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const disabled = await idctl(['users', 'disable', user.id, '--tenant', tenant, '--json'], {
      env: live.env,
    });
    expect(JSON.parse(disabled.stdout)).toMatchObject({ id: user.id, status: 'disabled' });
    const enabled = await idctl(['users', 'enable', user.id, '--tenant', tenant, '--json'], {
      env: live.env,
    });
    expect(JSON.parse(enabled.stdout)).toMatchObject({ id: user.id, status: 'active' });

    const updated = await idctl(
      ['users', 'update', user.id, '--tenant', tenant, '--family-name', 'Lovelace'],
      { env: live.env },
    );
    expect(updated.stdout).toMatch(/^family name\s+Lovelace$/m);

    const table = await idctl(['users', 'list', '--tenant', tenant], { env: live.env });
    expect(table.stdout).toMatch(/EMAIL/);
    expect(table.stdout).toContain(email);

    const deleted = await idctl(['users', 'delete', user.id, '--tenant', tenant, '--yes'], {
      env: live.env,
    });
    expect(deleted.exitCode).toBe(0);
    const gone = await idctl(['users', 'get', user.id, '--tenant', tenant], { env: live.env });
    expect(gone.exitCode).toBe(1);
    expect(gone.stderr).toMatch(/^error: user\.not_found: /m);
  });

  it('create with an email already taken (other case) -> exit 1 with the conflict code', async () => {
    const tenant = await givenTenantVia(live);
    await idctl(['users', 'create', '--tenant', tenant, '--email', 'grace@acme.test'], {
      env: live.env,
    });

    const again = await idctl(
      ['users', 'create', '--tenant', tenant, '--email', 'Grace@ACME.test'],
      { env: live.env },
    );

    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^error: user\.\w+: /m);
  });
});

describe('idctl dead-letters and status', () => {
  it('dead-letters list --json -> a page', async () => {
    const result = await idctl(['dead-letters', 'list', '--json'], { env: live.env });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ items: expect.any(Array), nextCursor: null });
  });

  it('status --json -> ready, the version and each dependency', async () => {
    const result = await idctl(['status', '--json'], { env: live.env });

    expect(result.exitCode).toBe(0);
    const status = JSON.parse(result.stdout);
    expect(status).toMatchObject({ ready: true, version: expect.any(String) });
    expect(Object.keys(status.checks).sort()).toEqual(['bus', 'cache', 'database']);
  });

  it('status -> a table of dependencies', async () => {
    const result = await idctl(['status'], { env: live.env });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^status\s+ready$/m);
    expect(result.stdout).toMatch(/database\s+│/);
  });
});
