import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { UsageError } from './exit-codes.js';
import {
  profilesPath,
  readProfiles,
  resolveConnection,
  resolveServerUrl,
  saveProfile,
} from './profiles.js';

const saved = {
  default: { url: 'https://id.example.com', clientId: 'admin', clientSecret: 'from-profile' },
  staging: { url: 'https://staging.example.com', clientId: 'stage', clientSecret: 'stage-secret' },
};

describe('profilesPath', () => {
  it('XDG_CONFIG_HOME set -> <XDG_CONFIG_HOME>/latchkey/profiles.json', () => {
    expect(profilesPath({ XDG_CONFIG_HOME: '/tmp/cfg' })).toBe('/tmp/cfg/latchkey/profiles.json');
  });
});

describe('saveProfile', () => {
  it('writes profiles.json with mode 0600 and keeps the other profiles', async () => {
    const file = path.join(
      await mkdtemp(path.join(os.tmpdir(), 'idctl-')),
      'latchkey/profiles.json',
    );

    await saveProfile(file, 'default', saved.default);
    await saveProfile(file, 'staging', saved.staging);

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readProfiles(file)).toEqual(saved);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ profiles: saved });
  });

  it('no file yet -> no profiles', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'idctl-'));
    expect(await readProfiles(path.join(dir, 'missing.json'))).toEqual({});
  });
});

describe('resolveConnection', () => {
  it('no flags, no env -> the default profile', () => {
    expect(resolveConnection({ env: {}, profiles: saved })).toEqual(saved.default);
  });

  it('--profile picks that profile; --url beats it', () => {
    const got = resolveConnection({
      profileName: 'staging',
      url: 'http://127.0.0.1:9',
      env: {},
      profiles: saved,
    });
    expect(got).toEqual({ ...saved.staging, url: 'http://127.0.0.1:9' });
  });

  it('LATCHKEY_* variables work with no profile at all (CI)', () => {
    const env = {
      LATCHKEY_URL: 'http://ci',
      LATCHKEY_CLIENT_ID: 'ci',
      LATCHKEY_CLIENT_SECRET: 'ci-secret',
    };
    expect(resolveConnection({ env, profiles: {} })).toEqual({
      url: 'http://ci',
      clientId: 'ci',
      clientSecret: 'ci-secret',
    });
  });

  it('LATCHKEY_* variables override the profile field by field', () => {
    const got = resolveConnection({ env: { LATCHKEY_CLIENT_SECRET: 'rotated' }, profiles: saved });
    expect(got).toEqual({ ...saved.default, clientSecret: 'rotated' });
  });

  it('nothing to go on -> UsageError naming idctl login', () => {
    expect(() => resolveConnection({ env: {}, profiles: {} })).toThrow(UsageError);
    expect(() => resolveConnection({ env: {}, profiles: {} })).toThrow(/not logged in/);
  });

  it('LATCHKEY_URL that is not an http(s) URL -> UsageError naming LATCHKEY_URL', () => {
    const env = { LATCHKEY_URL: 'id.example.com' };

    expect(() => resolveConnection({ env, profiles: saved })).toThrow(UsageError);
    expect(() => resolveServerUrl({ env, profiles: {} })).toThrow(
      /^LATCHKEY_URL: expected an http\(s\) URL such as https:\/\/id\.example\.com/,
    );
  });

  it('--profile that does not exist -> UsageError naming the profile', () => {
    expect(() => resolveConnection({ profileName: 'prod', env: {}, profiles: saved })).toThrow(
      /no profile named "prod"/,
    );
  });
});

describe('resolveServerUrl', () => {
  it('needs only a URL: env without credentials is enough', () => {
    expect(resolveServerUrl({ env: { LATCHKEY_URL: 'http://x' }, profiles: {} })).toBe('http://x');
  });
});
