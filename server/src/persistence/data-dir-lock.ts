import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * An exclusive claim on the embedded database's directory. PGlite is a single-process engine:
 * two processes opening one directory each keep their own copy in memory and one's writes are
 * silently lost at the next start. The lock file holds the owner's pid; a lock whose process is
 * gone (a crash, SIGKILL) is taken over.
 */
export async function lockDataDirectory(dataPath: string): Promise<() => Promise<void>> {
  // Beside the database directory, not in it: PostgreSQL wants its directory to itself.
  const file = path.join(path.dirname(dataPath), `${path.basename(dataPath)}.lock`);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `the embedded database in ${dataPath} is in use by process ${owner}; stop it, or set LATCHKEY_DATA_DIR to another directory (or DATABASE_URL for a shared PostgreSQL)`,
      );
    }
    await rm(file, { force: true });
  }
  throw new Error(`cannot lock the embedded database in ${dataPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
