import { Router } from 'express';
import type { Container } from '../../container.js';
import { assertTenantActive, getTenant } from '../../domain/tenants/manage-tenants.js';
import {
  deleteUser,
  getUser,
  listUsers,
  setUserStatus,
  updateUser,
} from '../../domain/users/manage-users.js';
import { insertUser } from '../../domain/users/users.js';
import { mountOperation } from './mount.js';
import { presentUser } from './present.js';
import { userOperations as ops } from './schemas/users.js';

/** `/tenants/{slug}/users`: every lookup is by (tenant, user id), never by user id alone. */
export function userRoutes(container: Container): Router {
  const { db, crypto } = container;
  const router = Router();
  const readable = (slug = '') => getTenant(db.em(), slug);
  const writable = async (slug = '') => {
    const tenant = await getTenant(db.em(), slug);
    assertTenantActive(tenant);
    return tenant;
  };

  mountOperation(router, ops.list, async ({ params, query }) => {
    const tenant = await readable(params.slug);
    const page = await listUsers(db, tenant.id, query);
    return { ...page, items: page.items.map((user) => presentUser(user, tenant.slug)) };
  });
  mountOperation(router, ops.create, async ({ params, body, caller }) => {
    const tenant = await writable(params.slug);
    const user = await db.transaction((em) =>
      insertUser(em, crypto.passwords, tenant, body, caller.actor),
    );
    return presentUser(user, tenant.slug);
  });
  mountOperation(router, ops.get, async ({ params }) => {
    const tenant = await readable(params.slug);
    return presentUser(await getUser(db.em(), tenant.id, params.userId!), tenant.slug);
  });
  mountOperation(router, ops.update, async ({ params, body, caller }) => {
    const tenant = await writable(params.slug);
    const user = await updateUser(db, crypto.passwords, tenant, params.userId!, body, caller.actor);
    return presentUser(user, tenant.slug);
  });
  mountOperation(router, ops.delete, async ({ params, caller }) => {
    const tenant = await writable(params.slug);
    await deleteUser(container, tenant, params.userId!, caller.actor);
  });
  mountOperation(router, ops.disable, async ({ params, caller }) => {
    const tenant = await writable(params.slug);
    return presentUser(
      await setUserStatus(container, tenant, params.userId!, 'disabled', caller.actor),
      tenant.slug,
    );
  });
  mountOperation(router, ops.enable, async ({ params, caller }) => {
    const tenant = await writable(params.slug);
    return presentUser(
      await setUserStatus(container, tenant, params.userId!, 'active', caller.actor),
      tenant.slug,
    );
  });
  return router;
}
