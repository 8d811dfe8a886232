import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { execa } from 'execa';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const committed = path.join(root, 'sdk/src/generated');

async function readTree(dir: string, prefix = ''): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory())
      Object.assign(files, await readTree(path.join(dir, entry.name), relative));
    else files[relative] = await readFile(path.join(dir, entry.name), 'utf8');
  }
  return files;
}

describe('sdk/src/generated', () => {
  it('matches what docs/openapi.json generates (run `npm run sdk:generate` when this fails)', async () => {
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'latchkey-sdk-'));
    try {
      await execa('node', ['--import', 'tsx', 'scripts/gen-sdk.ts', fresh], { cwd: root });

      const [expected, actual] = await Promise.all([readTree(fresh), readTree(committed)]);

      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [file, text] of Object.entries(expected))
        expect({ file, text: actual[file] }).toEqual({ file, text });
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
