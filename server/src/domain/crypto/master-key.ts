import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logging/logger.js';

/**
 * The configured master key, or — for a first look on a laptop — one generated once into the
 * data directory (mode 0600). The fallback logs a warning at every start: production sets
 * LATCHKEY_MASTER_KEY so that every process of an installation shares one key.
 */
export async function resolveMasterKey(
  configured: string | undefined,
  dataDir: string,
  logger: Logger,
): Promise<string> {
  if (configured) return configured;
  const file = path.resolve(dataDir, 'master.key');
  let key: string;
  try {
    key = (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(path.dirname(file), { recursive: true });
    key = randomBytes(32).toString('base64url');
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => {
      key = (await readFile(file, 'utf8')).trim();
    });
    await chmod(file, 0o600);
  }
  logger.warn(
    `LATCHKEY_MASTER_KEY is not set: using the development key in ${file}; set it in production`,
  );
  return key;
}
