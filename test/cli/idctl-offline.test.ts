import { describe, expect, it } from '@jest/globals';
import { closedUrl, freshConfigHome, idctl } from './support.js';

/** What idctl decides before, or instead of, talking to a server. */
describe('idctl with no server to talk to', () => {
  const env = (url: string, configHome: string) => ({
    XDG_CONFIG_HOME: configHome,
    LATCHKEY_URL: url,
    LATCHKEY_CLIENT_ID: 'admin',
    LATCHKEY_CLIENT_SECRET: 'secret',
  });

  it('unreachable server -> exit 3, network.unreachable on stderr, nothing on stdout', async () => {
    const url = await closedUrl();

    const result = await idctl(['tenants', 'list', '--json'], {
      env: env(url, await freshConfigHome()),
    });

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(
      /^error: network\.unreachable: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/m,
    );
    expect(result.stdout).toBe('');
  });

  it('status of an unreachable server -> exit 3', async () => {
    const result = await idctl(['status', '--url', await closedUrl()]);

    expect(result.exitCode).toBe(3);
  });

  it('login to an unreachable server -> exit 3 and no profile saved', async () => {
    const configHome = await freshConfigHome();

    const result = await idctl(
      ['login', '--url', await closedUrl(), '--client-id', 'admin', '--client-secret', 'x'],
      { env: { XDG_CONFIG_HOME: configHome } },
    );

    expect(result.exitCode).toBe(3);
  });

  it('clients create without --name and without a TTY -> exit 2, a usage line naming --name', async () => {
    const url = await closedUrl();

    const result = await idctl(['clients', 'create', '--tenant', 'acme'], {
      env: env(url, await freshConfigHome()),
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: missing --name /m);
    expect(result.stderr).toMatch(/^usage: idctl clients create --tenant SLUG --name NAME/m);
  });

  it('users create --password-stdin with nothing on stdin -> exit 2', async () => {
    const url = await closedUrl();

    const result = await idctl(
      ['users', 'create', '--tenant', 'acme', '--email', 'a@acme.test', '--password-stdin'],
      { env: env(url, await freshConfigHome()) },
    );

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--password-stdin/);
  });

  it('a destructive command without --yes and without a TTY -> exit 2, naming --yes, before any request', async () => {
    const url = await closedUrl();

    const result = await idctl(['tenants', 'delete', 'acme'], {
      env: env(url, await freshConfigHome()),
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: refusing without --yes/m);
  });

  it('no profile and no LATCHKEY_* variables -> exit 2, telling how to log in', async () => {
    const result = await idctl(['tenants', 'list'], {
      env: { XDG_CONFIG_HOME: await freshConfigHome() },
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: not logged in/m);
    expect(result.stderr).toMatch(/^usage: idctl login /m);
  });

  it('--profile naming no saved profile -> exit 2 naming it', async () => {
    const configHome = await freshConfigHome();

    const result = await idctl(['tenants', 'list', '--profile', 'prod'], {
      env: { XDG_CONFIG_HOME: configHome },
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no profile named "prod"/);
  });

  it('an unknown flag -> exit 2 (oclif usage error)', async () => {
    const result = await idctl(['tenants', 'list', '--bogus']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Nonexistent flag: --bogus/);
  });

  it('--help -> exit 0, the summary, and an example with long flags', async () => {
    const help = await idctl(['clients', 'create', '--help']);

    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Register an OAuth client/);
    expect(help.stdout).toMatch(/EXAMPLES\n\s+\$ idctl clients create --tenant acme --name/);
  });
});
