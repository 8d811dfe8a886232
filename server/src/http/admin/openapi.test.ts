import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import { createApp } from '../../app.js';
import { renderOpenApiDocument } from './openapi.js';

describe('the OpenAPI document', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    container = await createTestContainer();
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it('docs/openapi.json is what the code produces (run `npm run docs:openapi` if not)', async () => {
    const committed = await readFile(
      new URL('../../../../docs/openapi.json', import.meta.url),
      'utf8',
    );

    expect(committed).toBe(renderOpenApiDocument());
  });

  it('GET /openapi.json -> 200, no token needed, the committed OpenAPI 3.1 document', async () => {
    const res = await request(app).get('/openapi.json');

    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.text).toBe(renderOpenApiDocument());
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/admin/v1/tenants', '/readyz', '/healthz']),
    );
  });

  it('GET /readyz names the server version from package.json', async () => {
    const pkg = JSON.parse(
      await readFile(new URL('../../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };

    const res = await request(app).get('/readyz');

    expect(res.body.version).toBe(pkg.version);
  });
});
