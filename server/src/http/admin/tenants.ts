import { Router } from 'express';
import type { Container } from '../../container.js';
import { scheduleTenantDeletion } from '../../domain/tenants/delete-tenant.js';
import {
  createTenant,
  getTenant,
  listTenants,
  updateTenant,
} from '../../domain/tenants/manage-tenants.js';
import { mountOperation } from './mount.js';
import { presentTenant } from './present.js';
import { tenantOperations as ops } from './schemas/tenants.js';

/** `/tenants`: each tenant is its own issuer with its own keys, clients and users. */
export function tenantRoutes(container: Container): Router {
  const { db, directory, crypto, config } = container;
  const show = (tenant: Parameters<typeof presentTenant>[0]) =>
    presentTenant(tenant, config.publicUrl);
  const router = Router();

  mountOperation(router, ops.list, async ({ query }) => {
    const page = await listTenants(db, query);
    return { ...page, items: page.items.map(show) };
  });
  mountOperation(router, ops.create, async ({ body, caller }) =>
    show(await createTenant(db, crypto.kek, body, caller.actor, config.publicUrl)),
  );
  mountOperation(router, ops.get, async ({ params }) =>
    show(await getTenant(db.em(), params.slug!)),
  );
  mountOperation(router, ops.update, async ({ params, body, caller }) =>
    show(await updateTenant(db, directory, params.slug!, body, caller.actor, config.publicUrl)),
  );
  mountOperation(router, ops.delete, async ({ params, caller }) =>
    show(
      await scheduleTenantDeletion(
        db,
        directory,
        params.slug!,
        config.tenantPurgeGraceDays,
        caller.actor,
      ),
    ),
  );
  return router;
}
