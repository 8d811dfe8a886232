import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';
import { UsageError } from './exit-codes.js';

/** Where and how to reach one Latchkey server as one admin client. */
export interface Profile {
  url: string;
  clientId: string;
  clientSecret: string;
}

interface ProfilesFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

/** What `--url` and LATCHKEY_URL must hold, for the usage error when they do not. */
export const SERVER_URL_EXPECTED = 'expected an http(s) URL such as https://id.example.com';

/** An absolute http or https URL: anything else could never reach a Latchkey server. */
export function isServerUrl(value: string): boolean {
  return URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);
}

/** `<config dir>/latchkey/profiles.json`; the config dir follows XDG_CONFIG_HOME on Linux. */
export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME;
  const dir = configHome
    ? path.join(configHome, 'latchkey')
    : envPaths('latchkey', { suffix: '' }).config;
  return path.join(dir, 'profiles.json');
}

export async function readProfiles(file: string): Promise<Record<string, Profile>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<ProfilesFile>;
  return parsed.profiles ?? {};
}

/**
 * Saves one profile beside the others. The file holds client secrets, so it is created 0600 in a
 * 0700 directory, and written to a temporary name first so a crash never leaves half a file.
 */
export async function saveProfile(file: string, name: string, profile: Profile): Promise<void> {
  const profiles = await readProfiles(file);
  profiles[name] = profile;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  const body: ProfilesFile = { profiles };
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode is filtered by the umask; set it exactly.
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

export interface ConnectionInputs {
  /** `--profile`; when set it must exist unless the environment supplies everything. */
  profileName?: string;
  /** `--url`, which beats both the environment and the profile. */
  url?: string;
  env: NodeJS.ProcessEnv;
  profiles: Record<string, Profile>;
}

/**
 * Picks the server and credentials: flags, then LATCHKEY_URL / LATCHKEY_CLIENT_ID /
 * LATCHKEY_CLIENT_SECRET, then the profile. Each value is taken separately, so CI can use the
 * environment alone and an operator can point a saved profile at another URL.
 */
export function resolveConnection(inputs: ConnectionInputs): Profile {
  const { env, profiles } = inputs;
  const name = inputs.profileName ?? env.LATCHKEY_PROFILE ?? DEFAULT_PROFILE;
  const profile = profiles[name];
  const resolved = {
    url: inputs.url ?? envServerUrl(env) ?? profile?.url,
    clientId: env.LATCHKEY_CLIENT_ID ?? profile?.clientId,
    clientSecret: env.LATCHKEY_CLIENT_SECRET ?? profile?.clientSecret,
  };
  const missing = Object.entries(resolved).filter(([, value]) => !value);
  if (missing.length === 0) return resolved as Profile;

  const explicit = inputs.profileName ?? env.LATCHKEY_PROFILE;
  if (explicit && !profile) {
    throw new UsageError(
      `no profile named "${explicit}"`,
      `idctl login --profile ${explicit} --url URL --client-id ID --client-secret-stdin`,
    );
  }
  const names = missing.map(([key]) => key).join(', ');
  throw new UsageError(
    `not logged in (${names} unknown): log in, or set LATCHKEY_URL, LATCHKEY_CLIENT_ID and LATCHKEY_CLIENT_SECRET`,
    'idctl login --url URL --client-id ID --client-secret-stdin',
  );
}

/** Only the server URL, for calls that need no credentials (`idctl status`). */
export function resolveServerUrl(inputs: ConnectionInputs): string {
  const name = inputs.profileName ?? inputs.env.LATCHKEY_PROFILE ?? DEFAULT_PROFILE;
  const url = inputs.url ?? envServerUrl(inputs.env) ?? inputs.profiles[name]?.url;
  if (url) return url;
  throw new UsageError(
    'no server URL: pass --url, set LATCHKEY_URL or log in',
    'idctl status --url URL',
  );
}

/** LATCHKEY_URL when set; a value that is no server URL is a usage error naming it. */
function envServerUrl(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.LATCHKEY_URL;
  if (!url || isServerUrl(url)) return url;
  throw new UsageError(`LATCHKEY_URL: ${SERVER_URL_EXPECTED}, got "${url}"`);
}
