import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../test/support/fixtures.js';

/** The directory's caches: what a token request sees after an administrator changes a client. */
describe('directory caches', () => {
  let container: TestContainer;

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    await container?.close();
  });

  const renameInDatabase = (clientId: string, name: string) =>
    container.db
      .em()
      .execute('update oauth_clients set name = ? where client_id = ?', [name, clientId]);

  it('a cached client is served from memory until it is invalidated', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenClient(container, tenant, { name: 'first' });
    await container.directory.clientById(client.clientId);

    await renameInDatabase(client.clientId, 'second');
    const cached = await container.directory.clientById(client.clientId);
    await container.directory.invalidate('client', client.clientId);
    const reloaded = await container.directory.clientById(client.clientId);

    expect(cached?.name).toBe('first');
    expect(reloaded?.name).toBe('second');
  });

  it('an invalidation while the client is being read -> that read is not cached', async () => {
    const tenant = await givenTenant(container);
    const { client } = await givenClient(container, tenant, { name: 'before' });

    // The read starts, then the change's invalidation lands before the read returns: what the
    // read saw may predate the change, so the next request must read again.
    const inFlight = container.directory.clientById(client.clientId);
    const invalidated = container.directory.invalidate('client', client.clientId);
    await Promise.all([inFlight, invalidated]);
    await renameInDatabase(client.clientId, 'after');
    const next = await container.directory.clientById(client.clientId);

    expect(next?.name).toBe('after');
  });
});
