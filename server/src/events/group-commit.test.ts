import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestContainer, type TestContainer } from '../../../test/support/container.js';
import { OutboxGroupCommit } from './group-commit.js';

describe('OutboxGroupCommit', () => {
  let container: TestContainer;

  beforeAll(async () => {
    container = await createTestContainer();
  });
  afterAll(async () => {
    await container?.close();
  });

  it('200 concurrent records -> every promise settles after its row is in the outbox', async () => {
    const group = new OutboxGroupCommit(container.db);
    const tenant = `gc-${Date.now()}`;

    const seen = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await group.record({ type: 'token.issued', tenant, data: { n: i } });
        const rows = await container.db
          .em()
          .execute<Array<{ n: string }>>(
            `select count(*) as n from outbox_events where tenant_id = ? and (data->>'n')::int = ?`,
            [tenant, i],
          );
        return Number(rows[0]?.n);
      }),
    );

    expect(seen).toEqual(Array.from({ length: 200 }, () => 1));
  });

  it('a batch that cannot be written -> every caller of that batch gets the error', async () => {
    const group = new OutboxGroupCommit(container.db);

    const outcome = group.record({ type: 'token.issued', tenant: 'x'.repeat(400), data: {} });

    await expect(outcome).rejects.toThrow();
  });
});
