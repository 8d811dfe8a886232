import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in the repository's package.json, found by walking up from this file: the same
 * lookup works from `server/src` under tsx and jest and from `dist/server/src` once built.
 */
function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'latchkey' && pkg.version) return pkg.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

export const VERSION = readVersion();
