import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { closedUrl, freshConfigHome, idctl, root } from './support.js';

/** Every idctl command, as the user types it: `tenants list`. */
const commandIds = readdirSync(path.join(root, 'cli/src/commands'), {
  recursive: true,
  encoding: 'utf8',
})
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => file.replace(/\.ts$/, '').split(path.sep).join(' '))
  .sort();

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

  it('a flag before the command (idctl --url X tenants list) -> exit 2, saying flags go after the command', async () => {
    const result = await idctl(['--url', 'http://127.0.0.1:1', 'tenants', 'list']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: flags go after the command: idctl <command> --url ...');
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

  it.each(commandIds)(
    '%s --bogus -> exit 2, the error and a usage line, not the whole help',
    async (id) => {
      const result = await idctl([...id.split(' '), '--bogus']);

      expect(result.exitCode).toBe(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toEqual([
        'error: Nonexistent flag: --bogus',
        expect.stringMatching(new RegExp(`^usage: idctl ${id}( |$)`)),
      ]);
      expect(result.stdout).toBe('');
    },
  );

  it('a bad flag value -> exit 2, naming the flag and what it expects, then the usage line', async () => {
    const result = await idctl(['tenants', 'list', '--limit', 'abc']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'error: --limit: Expected an integer but received: abc\n' +
        'usage: idctl tenants list [--limit N] [--cursor C]\n',
    );
  });

  it('a flag without its value or an extra argument -> exit 2 with the usage line', async () => {
    const noValue = await idctl(['clients', 'list', '--tenant']);
    const extra = await idctl(['tenants', 'get', 'acme', 'beta']);

    expect(noValue.exitCode).toBe(2);
    expect(noValue.stderr).toBe(
      'error: Flag --tenant expects a value\n' +
        'usage: idctl clients list --tenant SLUG [--limit N] [--cursor C]\n',
    );
    expect(extra.exitCode).toBe(2);
    expect(extra.stderr).toBe('error: Unexpected argument: beta\nusage: idctl tenants get SLUG\n');
  });

  it('two flags that exclude each other -> exit 2 naming both, with the usage line', async () => {
    const result = await idctl(['login', '--client-secret', 'x', '--client-secret-stdin']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /--client-secret-stdin=true cannot also be provided when using --client-secret/,
    );
    expect(result.stderr).toMatch(/^usage: idctl login --url URL /m);
    expect(result.stderr).not.toMatch(/FLAGS/);
  });

  it.each(['tenants list', 'status', 'login --client-id admin --client-secret x'])(
    '%s --url "not a url" -> exit 2 naming --url and that an http(s) URL is expected',
    async (command) => {
      const result = await idctl([...command.split(' '), '--url', 'not a url'], {
        env: env('http://127.0.0.1:9', await freshConfigHome()),
      });

      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(
        /^error: --url: expected an http\(s\) URL such as https:\/\/id\.example\.com, got "not a url"$/m,
      );
      expect(result.stderr).toMatch(new RegExp(`^usage: idctl ${command.split(' ')[0]} `, 'm'));
    },
  );

  it('LATCHKEY_URL that is no http(s) URL -> exit 2 naming LATCHKEY_URL', async () => {
    const result = await idctl(['tenants', 'list'], {
      env: env('ftp://id.example.com', await freshConfigHome()),
    });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: LATCHKEY_URL: expected an http\(s\) URL /m);
  });

  it('--help -> exit 0, the summary, and an example with long flags', async () => {
    const help = await idctl(['clients', 'create', '--help']);

    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Register an OAuth client/);
    expect(help.stdout).toMatch(/EXAMPLES\n\s+\$ idctl clients create --tenant acme --name/);
  });

  it.each([
    ['clients', 'client'],
    ['users', 'user'],
  ])(
    '%s get --help -> --tenant is described as the tenant the %s belongs to',
    async (topic, noun) => {
      const help = await idctl([topic, 'get', '--help']);

      expect(help.exitCode).toBe(0);
      expect(help.stdout).toMatch(
        new RegExp(`--tenant=<value>\\s+Slug of the tenant the ${noun} belongs to\\.`),
      );
    },
  );
});
