import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { lockDataDirectory } from './data-dir-lock.js';

describe('embedded data directory lock', () => {
  it('a second claim while the owner lives -> refused, naming the owner and what to do', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'latchkey-lock-')), 'pglite');
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const unlock = await lockDataDirectory(dir);
      await unlock();
      // Pretend another live process holds it.
      await writeFile(`${dir}.lock`, `${owner.pid}\n`);

      await expect(lockDataDirectory(dir)).rejects.toThrow(
        new RegExp(`in use by process ${owner.pid}.*LATCHKEY_DATA_DIR`),
      );
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('a lock left by a process that died -> taken over', async () => {
    const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'latchkey-lock-')), 'pglite');
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(`${dir}.lock`, `${dead.pid}\n`);

    const unlock = await lockDataDirectory(dir);

    expect((await readFile(`${dir}.lock`, 'utf8')).trim()).toBe(String(process.pid));
    await unlock();
  });
});
