import { Router } from 'express';
import type { Container } from '../../container.js';
import {
  createClient,
  deleteClient,
  getClient,
  listClients,
  rotateClientSecret,
  updateClient,
} from '../../domain/clients/manage-clients.js';
import { assertTenantActive, getTenant } from '../../domain/tenants/manage-tenants.js';
import { mountOperation } from './mount.js';
import { presentClient } from './present.js';
import { clientOperations as ops } from './schemas/clients.js';

/** `/tenants/{slug}/clients`: every lookup is by (tenant, client id), never by client id alone. */
export function clientRoutes(container: Container): Router {
  const { db, directory, crypto } = container;
  const router = Router();
  const readable = (slug = '') => getTenant(db.em(), slug);
  const writable = async (slug = '') => {
    const tenant = await getTenant(db.em(), slug);
    assertTenantActive(tenant);
    return tenant;
  };

  mountOperation(router, ops.list, async ({ params, query }) => {
    const tenant = await readable(params.slug);
    const page = await listClients(db, tenant.id, query);
    return { ...page, items: page.items.map((client) => presentClient(client, tenant.slug)) };
  });
  mountOperation(router, ops.create, async ({ params, body, caller }) => {
    const tenant = await writable(params.slug);
    const created = await createClient(
      db,
      crypto.hasher,
      directory,
      tenant,
      body,
      caller.actor,
      caller.scopes,
    );
    return withSecret(presentClient(created.client, tenant.slug), created.clientSecret);
  });
  mountOperation(router, ops.get, async ({ params }) => {
    const tenant = await readable(params.slug);
    return presentClient(await getClient(db.em(), tenant.id, params.clientId!), tenant.slug);
  });
  mountOperation(router, ops.update, async ({ params, body, caller }) => {
    const tenant = await writable(params.slug);
    const client = await updateClient(
      db,
      directory,
      tenant,
      params.clientId!,
      body,
      caller.actor,
      caller.scopes,
    );
    return presentClient(client, tenant.slug);
  });
  mountOperation(router, ops.delete, async ({ params, caller }) => {
    const tenant = await writable(params.slug);
    await deleteClient(db, directory, tenant, params.clientId!, caller.actor, caller.scopes);
  });
  mountOperation(router, ops.rotateSecret, async ({ params, caller }) => {
    const tenant = await writable(params.slug);
    const rotated = await rotateClientSecret(
      db,
      crypto.hasher,
      directory,
      tenant,
      params.clientId!,
      caller.actor,
      caller.scopes,
    );
    return withSecret(presentClient(rotated.client, tenant.slug), rotated.clientSecret);
  });
  return router;
}

function withSecret<T extends object>(client: T, clientSecret: string | null) {
  return clientSecret ? { ...client, clientSecret } : client;
}
