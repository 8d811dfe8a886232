/**
 * Generates the SDK's low-level client from docs/openapi.json into sdk/src/generated, or into the
 * directory given as the first argument (the staleness test generates into a temporary one and
 * compares). Run with `npm run sdk:generate`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function generateSdk(outputDir: string): Promise<void> {
  await createClient({
    input: path.join(root, 'docs/openapi.json'),
    output: {
      path: outputDir,
      // Root tsconfig says NodeNext, so imports inside the output carry `.js` like ours do.
      tsConfigPath: path.join(root, 'tsconfig.json'),
    },
    plugins: ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'],
    logs: { level: 'silent' },
  });
}

const invokedDirectly =
  process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const target = process.argv[2] ?? path.join(root, 'sdk/src/generated');
  await generateSdk(path.resolve(target));
}
