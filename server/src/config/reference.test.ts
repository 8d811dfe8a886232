import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { renderConfigReference } from './reference.js';
import { settings } from './schema.js';

const page = new URL('../../../docs/configuration.md', import.meta.url);

describe('docs/configuration.md', () => {
  it('the committed page -> matches the schema (run `npm run docs:config` when this fails)', async () => {
    const committed = await readFile(page, 'utf8');

    expect(committed).toBe(renderConfigReference());
  });

  it('every setting -> listed with its variable name', () => {
    const rendered = renderConfigReference();

    for (const spec of Object.values(settings)) expect(rendered).toContain(`| \`${spec.env}\` |`);
  });
});
