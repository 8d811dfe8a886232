import { createServer, type Server } from 'node:http';
import { createApp } from '../server/src/app.js';
import { generateSecret } from '../server/src/domain/crypto/secret-hash.js';
import { openTokenFamily } from '../server/src/domain/tokens/families.js';
import { issueRefreshToken } from '../server/src/domain/tokens/refresh-tokens.js';
import { allConsumers } from '../server/src/workers/index.js';
import { createTestContainer } from '../test/support/container.js';
import { givenClient, givenTenant } from '../test/support/fixtures.js';
import { givenUser } from '../test/support/protocol.js';

/**
 * Latchkey's api tier in this process, against the services in the environment or the embedded
 * ones, with one tenant, one client and one user to load.
 */
export async function startLatchkey(port: number) {
  const url = `http://127.0.0.1:${port}`;
  const container = await createTestContainer({ publicUrl: url, logLevel: 'warn' });
  // As `--role api`: events are written to the outbox, and relayed and consumed by the worker
  // tier, which does not run here (drainOutbox measures the relay afterwards).
  // BENCH_WITH_WORKERS=1 runs the relay and the consumers in this process, as `--role all` does.
  const withWorkers = process.env.BENCH_WITH_WORKERS === '1';
  if (withWorkers) {
    await container.startConsumers(allConsumers(container));
    container.relay.start();
  }
  const tenant = await givenTenant(container);
  const { client, clientSecret } = await givenClient(container, tenant, {
    grantTypes: ['client_credentials', 'refresh_token', 'authorization_code'],
    scopes: ['api:read', 'openid', 'offline_access'],
    redirectUris: ['https://rp.bench.test/cb'],
    firstParty: true,
  });
  const user = await givenUser(container, tenant);
  const server: Server = createServer(createApp(container)).listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));

  /** Refresh tokens in families of their own, each usable once. */
  async function mintRefreshTokens(count: number): Promise<string[]> {
    const tokens: string[] = [];
    while (tokens.length < count) {
      const batch = Math.min(250, count - tokens.length);
      await container.db.transaction(async (em) => {
        for (let i = 0; i < batch; i += 1) {
          const grant = {
            tenantId: tenant.id,
            clientId: client.clientId,
            userId: user.id,
            scope: 'openid offline_access',
            sid: generateSecret(16),
            authTime: Math.floor(Date.now() / 1000),
            acr: '1',
            amr: ['pwd'],
            resource: [],
          };
          const familyId = await openTokenFamily(em, grant);
          tokens.push(
            await issueRefreshToken(em, container.crypto.hasher, { ...grant, familyId }, 3600),
          );
        }
      });
    }
    return tokens;
  }

  /** Publishes what the rounds left in the outbox, as a worker's relay would, and times it. */
  async function drainOutbox(): Promise<{ events: number; seconds: number }> {
    const started = performance.now();
    const events = await container.relay.drain();
    return { events, seconds: (performance.now() - started) / 1000 };
  }

  return {
    url: `${url}/t/${tenant.slug}`,
    withWorkers,
    drainOutbox,
    client: { id: client.clientId, secret: clientSecret! },
    databaseMode: container.config.databaseUrl ? 'PostgreSQL' : 'embedded PGlite',
    mintRefreshTokens,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await container.close(['audit', 'mail']);
    },
  };
}
