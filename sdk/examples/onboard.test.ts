import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('docs/sdk.md', () => {
  it('shows sdk/examples/onboard.ts as it is, which `npm run lint` type-checks', async () => {
    const doc = await readFile(path.join(here, '../../docs/sdk.md'), 'utf8');
    const example = await readFile(path.join(here, 'onboard.ts'), 'utf8');

    const shown = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];

    expect(shown?.replace("'./sdk/src/index.js'", "'../src/index.js'")).toBe(example);
  });
});
