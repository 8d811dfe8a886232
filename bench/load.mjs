// Runs one autocannon round in its own process (so the load generator does not share the
// servers' event loop) and prints the result as one JSON line on stdout.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bodies = spec.bodies ?? null;
let next = 0;

const result = await autocannon({
  url: spec.url,
  method: 'POST',
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds }),
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: spec.authorization,
  },
  body: bodies ? undefined : spec.body,
  requests: bodies
    ? [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }]
    : undefined,
});
const ok = result['2xx'];
const seconds = (new Date(result.finish) - new Date(result.start)) / 1000;
process.stdout.write(
  `${JSON.stringify({
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  })}\n`,
);
