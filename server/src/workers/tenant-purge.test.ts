import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { givenClient, givenTenant } from '../../../test/support/fixtures.js';
import { waitFor } from '../../../test/support/wait.js';
import { scheduleTenantDeletion } from '../domain/tenants/delete-tenant.js';
import { OAuthClientSchema } from '../persistence/entities/oauth-client.js';
import { TenantSchema } from '../persistence/entities/tenant.js';
import { startTenantPurge } from './tenant-purge.js';

describe('tenant purge in the worker role', () => {
  let container: TestContainer;

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    await container?.close();
  });

  it('a tenant deleted with no grace period -> purged with its clients by the running worker', async () => {
    const doomed = await givenTenant(container);
    const kept = await givenTenant(container);
    await givenClient(container, doomed);
    await scheduleTenantDeletion(container.db, container.directory, doomed.slug, 0, {
      type: 'system',
    });

    const stop = startTenantPurge(container, 50);
    try {
      // The log line follows the commit, so wait for it rather than for the row to vanish.
      await waitFor(async () =>
        container.logLines.some(
          (line) =>
            line.message === 'purged deleted tenants' &&
            JSON.stringify(line.tenants).includes(doomed.slug),
        )
          ? true
          : undefined,
      );
    } finally {
      stop();
    }

    expect(await container.db.em().count(TenantSchema, { id: doomed.id })).toBe(0);
    expect(await container.db.em().count(OAuthClientSchema, { tenantId: doomed.id })).toBe(0);
    expect(await container.db.em().count(TenantSchema, { id: kept.id })).toBe(1);
  });
});
