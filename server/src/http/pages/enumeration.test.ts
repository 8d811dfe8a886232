import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../../test/support/container.js';
import {
  type EnumerableForm,
  type Observation,
  observeForm,
} from '../../../../test/support/enumeration.js';
import { givenTenant } from '../../../../test/support/fixtures.js';
import { givenUser } from '../../../../test/support/hosted-pages.js';
import { createApp } from '../../app.js';

/**
 * C-ENUM-1 asks for 200 tries of each; the default here is 25 per form and address so the suite
 * stays quick (ENUM_ITERATIONS=200 runs the full count). The latency comparison lives in
 * `bench/enumeration-latency.ts`, where timing belongs.
 */
const ITERATIONS = Number(process.env.ENUM_ITERATIONS ?? 25);

describe('C-ENUM-1 no account enumeration', () => {
  let container: TestContainer;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    // Throttling is compared in login-page.test.ts; here it must not kick in.
    container = await createTestContainer({ loginMaxFailures: 1000, loginIpMaxFailures: 100000 });
    app = createApp(container);
  });
  afterAll(async () => {
    await container?.close();
  });

  it.each([
    ['login' as EnumerableForm],
    ['signup' as EnumerableForm],
    ['forgot' as EnumerableForm],
    ['resend-verification' as EnumerableForm],
  ])(
    'C-ENUM-1 POST /t/:tenant/%s answers an existing and an unknown email with the same status, body, headers and cookies',
    async (form) => {
      const tenant = await givenTenant(container);
      // Same length, so that even Content-Length could not differ by the address itself.
      const known = 'known01@example.test';
      const unknown = (i: number) => `n${String(i).padStart(6, '0')}@example.test`;
      await givenUser(container, tenant, {
        email: known,
        password: 'the real password',
        verified: form !== 'resend-verification',
      });

      const seen: Record<'known' | 'unknown', Observation[]> = { known: [], unknown: [] };
      for (let i = 0; i < ITERATIONS; i++) {
        seen.known.push(await observeForm(app, tenant.slug, form, known));
        seen.unknown.push(await observeForm(app, tenant.slug, form, unknown(i)));
      }

      const shapeOf = ({ ms: _ms, ...rest }: Observation) => rest;
      const reference = shapeOf(seen.known[0] as Observation);
      expect([200, 401]).toContain(reference.status);
      for (const observation of [...seen.known, ...seen.unknown]) {
        expect(shapeOf(observation)).toEqual(reference);
      }
    },
    Math.max(60000, ITERATIONS * 1500),
  );
});
