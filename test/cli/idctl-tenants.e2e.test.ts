import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import {
  freshConfigHome,
  givenTenantVia,
  idctl,
  liveServerForThisFile,
  type RunResult,
  uniqueSlug,
} from './support.js';

const live = liveServerForThisFile();

/**
 * Runs a list command page after page, following the `more: add --cursor …` hint as a person
 * would (the database is shared, so a new tenant may be past the first page), each page with
 * the cursor that asked for it.
 */
async function everyPage(args: string[]) {
  const pages: { cursor?: string; result: RunResult }[] = [];
  let cursor: string | undefined;
  do {
    const result = await idctl([...args, ...(cursor ? ['--cursor', cursor] : [])], {
      env: live.env,
    });
    pages.push({ cursor, result });
    cursor = result.stderr.match(/^more: add --cursor (\S+)$/m)?.[1];
  } while (cursor);
  return pages;
}

describe('idctl login', () => {
  it('verifies the credentials, saves profiles.json 0600, and later commands use it', async () => {
    const configHome = await freshConfigHome();
    const { clientId, clientSecret } = live.server.admin;

    const login = await idctl(
      [
        'login',
        '--url',
        live.server.url,
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
      url: live.server.url,
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
        live.server.url,
        '--client-id',
        live.server.admin.clientId,
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
    const name = uniqueSlug();

    const result = await idctl(
      ['tenants', 'create', name, '--name', 'Acme', '--allowed-domain', 'acme.test', '--json'],
      { env: live.env },
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

  it('create --allowed-domain exämple.com -> exit 0, the domain stored and shown in punycode', async () => {
    const name = uniqueSlug();

    const result = await idctl(
      ['tenants', 'create', name, '--allowed-domain', 'exämple.com', '--json'],
      { env: live.env },
    );
    const shown = await idctl(['tenants', 'get', name], { env: live.env });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).allowedDomains).toEqual(['xn--exmple-cua.com']);
    expect(shown.stdout).toMatch(/^allowed domains\s+xn--exmple-cua\.com$/m);
  });

  it('create --name with ESC -> exit 1 naming displayName, no tenant', async () => {
    const name = uniqueSlug();

    const result = await idctl(['tenants', 'create', name, '--name', 'Acme\u001b[2J'], {
      env: live.env,
    });
    const get = await idctl(['tenants', 'get', name], { env: live.env });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/displayName: Expected one line of visible text; U\+001B/);
    expect(result.stdout).toBe('');
    expect(get.exitCode).toBe(1);
  });

  it('list -> a table with a header and the tenant; --quiet -> slugs only', async () => {
    const name = await givenTenantVia(live);

    const pages = await everyPage(['tenants', 'list', '--limit', '200']);
    const page = pages.find(({ result }) => result.stdout.includes(name));
    const quiet = await idctl(
      [
        'tenants',
        'list',
        '--limit',
        '200',
        '--quiet',
        ...(page?.cursor ? ['--cursor', page.cursor] : []),
      ],
      { env: live.env },
    );

    expect(pages.map(({ result }) => result.exitCode)).toEqual(pages.map(() => 0));
    expect(page?.result.stdout).toMatch(/SLUG\s+│ NAME/);
    expect(quiet.stdout.split('\n')).toContain(name);
    expect(quiet.stdout).not.toMatch(/│/);
  });

  it('get -> key/value lines', async () => {
    const name = await givenTenantVia(live);

    const result = await idctl(['tenants', 'get', name], { env: live.env });

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^slug\\s+${name}$`, 'm'));
    expect(result.stdout).toMatch(/^issuer\s+http:\/\/\S+\/t\//m);
  });

  it('get of an unknown slug -> exit 1, "error: tenant.not_found: …" on stderr, stdout empty', async () => {
    const result = await idctl(['tenants', 'get', 'no-such-tenant', '--json'], { env: live.env });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: tenant\.not_found: /m);
    expect(result.stdout).toBe('');
  });

  it('update --name -> the new name', async () => {
    const name = await givenTenantVia(live);

    const result = await idctl(['tenants', 'update', name, '--name', 'Renamed', '--json'], {
      env: live.env,
    });

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ slug: name, displayName: 'Renamed' });
  });

  it('update --logo-url "" --primary-color "" -> both removed (null), the brand name kept', async () => {
    const name = uniqueSlug();
    const branded = [
      ...['--brand-name', 'Acme', '--logo-url', 'https://cdn.acme.test/logo.png'],
      ...['--primary-color', '#1a73e8'],
    ];
    const created = await idctl(['tenants', 'create', name, ...branded, '--json'], {
      env: live.env,
    });

    const cleared = await idctl(
      ['tenants', 'update', name, '--logo-url', '', '--primary-color', '', '--json'],
      { env: live.env },
    );
    const shown = await idctl(['tenants', 'get', name, '--json'], { env: live.env });

    expect(JSON.parse(created.stdout).branding).toEqual({
      name: 'Acme',
      logoUrl: 'https://cdn.acme.test/logo.png',
      primaryColor: '#1a73e8',
    });
    expect(cleared.exitCode).toBe(0);
    const expected = { name: 'Acme', logoUrl: null, primaryColor: null };
    expect(JSON.parse(cleared.stdout).branding).toEqual(expected);
    expect(JSON.parse(shown.stdout).branding).toEqual(expected);
  });

  it('delete without --yes and without a TTY -> exit 2, naming --yes; with --yes -> status deleting', async () => {
    const name = await givenTenantVia(live);

    const refused = await idctl(['tenants', 'delete', name], { env: live.env });
    const deleted = await idctl(['tenants', 'delete', name, '--yes', '--json'], { env: live.env });

    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(deleted.exitCode).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ slug: name, status: 'deleting' });
  });
});
