/** Writes docs/configuration.md from the settings schema. Run with `npm run docs:config`. */
import { writeFile } from 'node:fs/promises';
import { renderConfigReference } from '../server/src/config/reference.js';

const target = new URL('../docs/configuration.md', import.meta.url);
await writeFile(target, renderConfigReference());
process.stdout.write(`wrote ${target.pathname}\n`);
