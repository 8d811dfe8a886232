/**
 * Writes the admin API's OpenAPI 3.1 document to docs/openapi.json (keys sorted, two-space
 * indent), from the zod schemas that validate the requests. Run with `npm run docs:openapi`;
 * a test fails when the committed file differs from what the code produces.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from '../server/src/http/admin/openapi.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'docs/openapi.json');
await writeFile(target, renderOpenApiDocument());
process.stdout.write(`wrote ${path.relative(root, target)}\n`);
