import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_MASTER_KEY } from './master-key.js';
import { waitFor } from './wait.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN = path.join(ROOT, 'server/src/main.ts');

/** Settings a child must not inherit from the test run unless the test passes them itself. */
const OWN_SETTINGS =
  /^(DATABASE_URL|REDIS_URL|AMQP_URL|SMTP_URL|PORT|PUBLIC_URL|LATCHKEY_.*|LOG_.*)$/;

/**
 * The run's environment without Latchkey's own settings, plus `env`. The master key is the
 * run's shared one (see master-key.ts) unless `env` sets another.
 */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !OWN_SETTINGS.test(name)),
  );
  return { ...base, LOG_FORMAT: 'json', LATCHKEY_MASTER_KEY: TEST_MASTER_KEY, ...env };
}

/** The settings that point a child at the same services as this test run. */
export function sharedServices(): Record<string, string | undefined> {
  return {
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    AMQP_URL: process.env.AMQP_URL,
  };
}

export interface Child {
  process: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** stdout lines that are JSON log lines, parsed. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts `node --import tsx <script> ...args` from the repository root. */
export function spawnScript(script: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout, stdout);
  collectLines(child.stderr, stderr);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
  });
  const logs = () =>
    stdout.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return { process: child, stdout, stderr, logs, exited };
}

function collectLines(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let partial = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    into.push(...lines);
  });
  stream?.on('end', () => {
    if (partial) into.push(partial);
  });
}

/** Runs a script to its end and returns its exit code and output. */
export async function runScript(script: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawnScript(script, args, env);
  const code = await child.exited;
  // 'exit' can come before the pipes drained; 'close' would wait for grandchildren too.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { code, stdout: child.stdout, stderr: child.stderr.filter(Boolean), logs: child.logs() };
}

/** Waits until a child wrote a log line whose message matches. */
export function waitForLog(child: Child, message: RegExp, ms = 45000) {
  return waitFor(
    () => {
      const found = child.logs().find((line) => message.test(String(line.message)));
      if (found) return found;
      if (child.process.exitCode !== null) {
        throw new Error(`process exited (${child.process.exitCode}): ${child.stderr.join('\n')}`);
      }
      return undefined;
    },
    ms,
    `a log line matching ${message}`,
  );
}

/** Ends a child (SIGKILL by default) and waits until it is gone. */
export async function stopChild(child: Child, signal: NodeJS.Signals = 'SIGKILL') {
  if (child.process.exitCode === null && child.process.signalCode === null) {
    child.process.kill(signal);
  }
  return child.exited;
}
