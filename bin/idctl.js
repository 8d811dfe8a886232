#!/usr/bin/env node
// idctl, the Latchkey admin CLI. Always runs the compiled commands in dist/ (built by `npm ci`
// through `prepare`): never transpiles sources, even when NODE_ENV is "test" or "development".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execute, settings } from '@oclif/core';

const commands = new URL('../dist/cli/src/commands/', import.meta.url);
if (!existsSync(commands)) {
  // Without this, oclif would only say that no command was found.
  const root = fileURLToPath(new URL('..', import.meta.url));
  process.stderr.write(`error: idctl is not built: run \`npm run build\` in ${root}\n`);
  process.exit(1);
}

// oclif reads flags only after the command, and would answer `idctl --url X tenants list` with
// "command --url not found". Say what to do instead, as every other usage error does (exit 2).
const first = process.argv[2];
if (first?.startsWith('-') && !['--help', '-h', '--version', '-v'].includes(first)) {
  process.stderr.write(
    `error: flags go after the command: idctl <command> ${first} ...\n` +
      'usage: idctl COMMAND [ARGS] [FLAGS], for example: idctl tenants list --url http://localhost:8080\n',
  );
  process.exit(2);
}

settings.enableAutoTranspile = false;
await execute({ dir: import.meta.url });
