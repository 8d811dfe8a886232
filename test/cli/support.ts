import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from '@jest/globals';
import { execa } from 'execa';
import { createApp } from '../../server/src/app.js';
import {
  ensureBootstrapAdminClient,
  insertAdminClient,
} from '../../server/src/domain/tenants/bootstrap-admin.js';
import { createTestContainer, type TestContainer } from '../support/container.js';
import { givenSystemTenant } from '../support/fixtures.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const idctlBin = path.join(root, 'bin/idctl.js');

export interface RunningServer {
  url: string;
  container: TestContainer;
  admin: { clientId: string; clientSecret: string };
  close(): Promise<void>;
}

/**
 * A real Latchkey (createApp on a test container) listening on a loopback port, with the admin
 * client the server bootstraps from LATCHKEY_BOOTSTRAP_CLIENT_ID / _SECRET.
 */
export async function startServer(): Promise<RunningServer> {
  const admin = {
    clientId: `idctl-tests-${randomUUID().slice(0, 8)}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const container = await createTestContainer({
    bootstrapClientId: admin.clientId,
    bootstrapClientSecret: admin.clientSecret,
  });
  const system = await givenSystemTenant(container);
  await ensureBootstrapAdminClient(container, system);
  const server = createServer(createApp(container)).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    container,
    admin,
    async close() {
      server.closeAllConnections();
      server.close();
      await container.close();
    },
  };
}

/** Another admin client of the system tenant, holding only the given scopes. */
export async function givenAdminClient(server: RunningServer, scopes: string[]) {
  const { container } = server;
  const credentials = {
    clientId: `idctl-limited-${randomUUID().slice(0, 8)}`,
    clientSecret: randomBytes(32).toString('base64url'),
  };
  const system = await givenSystemTenant(container);
  await container.db.transaction((em) =>
    insertAdminClient(em, container.crypto.hasher, system, credentials, { scopes }),
  );
  return credentials;
}

/** A loopback URL where nothing listens: a port that was just free. */
export async function closedUrl(): Promise<string> {
  const server: Server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

/** A fresh config home, so each test's saved profiles are its own. */
export async function freshConfigHome(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'idctl-config-'));
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
}

/**
 * Runs the real `bin/idctl.js` in a child process, stdin a pipe (never a TTY), with no LATCHKEY_*
 * variables from the outer environment unless the test passes them.
 */
export async function idctl(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('LATCHKEY_')),
  );
  const { exitCode, stdout, stderr } = await execa('node', [idctlBin, ...args], {
    cwd: root,
    env: { ...inherited, ...options.env },
    extendEnv: false,
    reject: false,
    input: options.input ?? '',
    stripFinalNewline: false,
  });
  return { exitCode: exitCode ?? -1, stdout: String(stdout), stderr: String(stderr) };
}

/** The environment CI uses: credentials in variables, no saved profile. */
export function ciEnv(server: RunningServer, configHome: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: configHome,
    LATCHKEY_URL: server.url,
    LATCHKEY_CLIENT_ID: server.admin.clientId,
    LATCHKEY_CLIENT_SECRET: server.admin.clientSecret,
  };
}

export interface LiveServer {
  server: RunningServer;
  /** CI-style environment: LATCHKEY_* credentials, an empty config home. */
  env: Record<string, string>;
}

/** Starts a server for the test file (beforeAll) and stops it after (afterAll). */
export function liveServerForThisFile(): LiveServer {
  const live = {} as LiveServer;
  beforeAll(async () => {
    live.server = await startServer();
    live.env = ciEnv(live.server, await freshConfigHome());
  });
  afterAll(async () => {
    await live.server?.close();
  });
  return live;
}

export const uniqueSlug = () => `cli-${randomUUID().slice(0, 8)}`;

/** A tenant created through idctl, for tests about what lives inside one. */
export async function givenTenantVia(live: LiveServer): Promise<string> {
  const name = uniqueSlug();
  const created = await idctl(['tenants', 'create', name, '--json'], { env: live.env });
  expect(created.exitCode).toBe(0);
  return name;
}
