import { type Config, type SettingName, type SettingSpec, settings } from './schema.js';

/** A configuration value that cannot be used; its message is one line meant for the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads every setting from `env`, applies defaults and fails on the first bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settings) as [SettingName, SettingSpec][]) {
    const raw = env[spec.env];
    const input = raw === undefined || raw === '' ? undefined : raw;
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) {
      const shown = spec.secret ? '(hidden)' : JSON.stringify(raw);
      const expected = parsed.error.issues[0]?.message ?? 'a valid value';
      throw new ConfigError(`${spec.env}=${shown} is invalid: expected ${expected}`);
    }
    values[name] = parsed.data;
  }
  const config = values as Omit<Config, 'publicUrl'> & { publicUrl?: string };
  const publicUrl = (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  return { ...config, publicUrl } as Config;
}

/** Removes the password from a connection URL so that it can be logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
