import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

/** Every command file under commands/, as `topic verb` ids. */
async function commandFiles(): Promise<string[]> {
  const entries = await readdir(commandsDir, { recursive: true });
  return entries.filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).sort();
}

describe('idctl commands', () => {
  it('each has a one-line summary and an example that uses long flags', async () => {
    const files = await commandFiles();

    for (const file of files) {
      const { default: command } = await import(path.join(commandsDir, file));
      const id = file.replace(/\.ts$/, '').split(path.sep).join(' ');
      expect({ id, summary: command.summary }).toEqual({
        id,
        summary: expect.stringMatching(/^[^\n]+\.$/),
      });
      const examples: string[] = command.examples ?? [];
      expect({
        id,
        example: examples.some((e) => new RegExp(`<%= config.bin %> ${id} .*--[a-z]`).test(e)),
      }).toEqual({ id, example: true });
    }
    expect(files).toHaveLength(22);
  });

  it('each has one usage line that starts with its id, for its help and its usage errors', async () => {
    const files = await commandFiles();

    for (const file of files) {
      const { default: command } = await import(path.join(commandsDir, file));
      const id = file.replace(/\.ts$/, '').split(path.sep).join(' ');
      expect({ id, usage: command.usage }).toEqual({
        id,
        usage: expect.stringMatching(new RegExp(`^${id}( [^\n]*)?$`)),
      });
    }
  });
});
