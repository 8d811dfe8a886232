import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execa } from 'execa';
import { closedUrl, idctlBin, type RunningServer, root, startServer } from './support.js';

/** The ```bash block of docs/ci.md, exactly as documented. */
async function documentedScript(): Promise<string> {
  const doc = await readFile(path.join(root, 'docs/ci.md'), 'utf8');
  const block = /```bash\n([\s\S]*?)```/.exec(doc);
  if (!block?.[1]) throw new Error('docs/ci.md has no ```bash block');
  return block[1];
}

/** A directory with `idctl` in it, as docs/ci.md says to put it on the PATH. */
async function pathWithIdctl(): Promise<string> {
  const bin = await mkdtemp(path.join(os.tmpdir(), 'idctl-path-'));
  await symlink(idctlBin, path.join(bin, 'idctl'));
  return `${bin}${path.delimiter}${process.env.PATH}`;
}

/** A PATH of only idctl and node: a runner without jq. */
async function pathWithoutJq(): Promise<string> {
  const bin = await mkdtemp(path.join(os.tmpdir(), 'idctl-path-'));
  await symlink(idctlBin, path.join(bin, 'idctl'));
  await symlink(process.execPath, path.join(bin, 'node'));
  return bin;
}

async function runDocumentedScript(env: Record<string, string>) {
  const work = await mkdtemp(path.join(os.tmpdir(), 'idctl-ci-'));
  const script = path.join(work, 'provision.sh');
  await writeFile(script, await documentedScript(), { mode: 0o700 });
  // bash by its full path: the PATH under test may hold nothing but idctl and node.
  const bash = (await execa('bash', ['-c', 'command -v bash'])).stdout;
  const result = await execa(bash, [script], {
    env: { HOME: work, XDG_CONFIG_HOME: work, OUT_DIR: work, ...env },
    extendEnv: false,
    reject: false,
    cwd: work,
  });
  const secret = await readFile(path.join(work, 'client_secret'), 'utf8').catch(() => undefined);
  return { ...result, secret };
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

describe('docs/ci.md', () => {
  it('the documented script creates a tenant and a client whose secret works, and can run again', async () => {
    const tenant = `ci-${randomUUID().slice(0, 8)}`;
    const env = {
      PATH: await pathWithIdctl(),
      LATCHKEY_URL: server.url,
      LATCHKEY_CLIENT_ID: server.admin.clientId,
      LATCHKEY_CLIENT_SECRET: server.admin.clientSecret,
      TENANT: tenant,
    };

    const first = await runDocumentedScript(env);
    const again = await runDocumentedScript(env);

    expect({ exitCode: first.exitCode, stderr: first.stderr }).toEqual({
      exitCode: 0,
      stderr: 'ready',
    });
    expect(first.stdout).toMatch(new RegExp(`^issuer=http\\S+/t/${tenant}$`, 'm'));
    const clientId = /^client_id=(\S+)$/m.exec(first.stdout)?.[1];
    expect(first.stdout).not.toContain(first.secret);
    const token = await fetch(`${server.url}/t/${tenant}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${first.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(token.status).toBe(200);
    expect(again.exitCode).toBe(0);
  });

  it('without jq on the runner, the node fallback reads the same fields', async () => {
    const tenant = `ci-${randomUUID().slice(0, 8)}`;

    const result = await runDocumentedScript({
      PATH: await pathWithoutJq(),
      LATCHKEY_URL: server.url,
      LATCHKEY_CLIENT_ID: server.admin.clientId,
      LATCHKEY_CLIENT_SECRET: server.admin.clientSecret,
      TENANT: tenant,
    });

    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stderr: 'ready',
    });
    expect(result.stdout).toMatch(/^client_id=lk_\S+$/m);
    expect(result.secret).toMatch(/^\S+$/);
  });

  it('the script stops with idctl exit code 3 when the server cannot be reached', async () => {
    const result = await runDocumentedScript({
      PATH: await pathWithIdctl(),
      LATCHKEY_URL: await closedUrl(),
      LATCHKEY_CLIENT_ID: 'x',
      LATCHKEY_CLIENT_SECRET: 'y',
    });

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^error: network\.unreachable: /m);
  });
});
