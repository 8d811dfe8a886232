/**
 * C-ENUM-1 latency: the median time of sign-in, sign-up, forgot-password and resend-verification
 * for an existing and an unknown email, 200 each (BENCH_ITERATIONS to change). Prints one line per
 * form and exits 1 when a pair of medians is more than 10 ms apart. Uses the services in the
 * environment (DATABASE_URL, REDIS_URL, AMQP_URL) or the embedded ones.
 * Run: node --import tsx bench/enumeration-latency.ts
 */
import { createApp } from '../server/src/app.js';
import { createTestContainer } from '../test/support/container.js';
import { type EnumerableForm, median, observeForm } from '../test/support/enumeration.js';
import { givenTenant } from '../test/support/fixtures.js';
import { givenUser } from '../test/support/hosted-pages.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const LIMIT_MS = 10;
const FORMS: EnumerableForm[] = ['login', 'signup', 'forgot', 'resend-verification'];

const container = await createTestContainer({
  loginMaxFailures: 100000,
  loginIpMaxFailures: 100000,
  logLevel: 'warn',
});
let failed = false;
try {
  const app = createApp(container);
  for (const form of FORMS) {
    const tenant = await givenTenant(container);
    const known = 'known01@example.test';
    await givenUser(container, tenant, {
      email: known,
      password: 'the real password',
      verified: form !== 'resend-verification',
    });
    const times = { known: [] as number[], unknown: [] as number[] };
    // Warm-up, then interleave so that drift hits both sides alike.
    await observeForm(app, tenant.slug, form, 'warmup1@example.test');
    for (let i = 0; i < ITERATIONS; i++) {
      times.known.push((await observeForm(app, tenant.slug, form, known)).ms);
      const unknown = `n${String(i).padStart(6, '0')}@example.test`;
      times.unknown.push((await observeForm(app, tenant.slug, form, unknown)).ms);
    }
    const [a, b] = [median(times.known), median(times.unknown)];
    const gap = Math.abs(a - b);
    if (gap > LIMIT_MS) failed = true;
    process.stdout.write(
      `${form.padEnd(20)} existing ${a.toFixed(1)} ms  unknown ${b.toFixed(1)} ms  ` +
        `gap ${gap.toFixed(1)} ms  (${ITERATIONS} each) ${gap > LIMIT_MS ? 'FAIL' : 'ok'}\n`,
    );
  }
} finally {
  await container.close();
}
process.exit(failed ? 1 : 0);
