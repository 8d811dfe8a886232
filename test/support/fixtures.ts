import { randomUUID } from 'node:crypto';
import type { Container } from '../../server/src/container.js';
import { insertClient, type NewClient } from '../../server/src/domain/clients/create-client.js';
import { ensureSystemTenant } from '../../server/src/domain/tenants/bootstrap.js';
import { insertTenant, type NewTenant } from '../../server/src/domain/tenants/create-tenant.js';

/** A tenant with a unique slug, so tests never collide in a shared database. */
export async function givenTenant(container: Container, input: Partial<NewTenant> = {}) {
  const slug = input.slug ?? `t-${randomUUID().slice(0, 12)}`;
  return container.db.transaction((em) =>
    insertTenant(em, container.crypto.kek, { ...input, slug }, { type: 'system' }),
  );
}

export async function givenClient(
  container: Container,
  tenant: { id: string; slug: string },
  input: Partial<NewClient> = {},
) {
  return container.db.transaction((em) =>
    insertClient(
      em,
      container.crypto.hasher,
      tenant,
      { name: 'test client', ...input },
      { type: 'system' },
    ),
  );
}

export async function givenSystemTenant(container: Container) {
  return ensureSystemTenant(container.db, container.crypto.kek);
}
