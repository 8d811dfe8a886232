import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { Database } from '../../persistence/database.js';
import { OAuthClientSchema } from '../../persistence/entities/oauth-client.js';
import { type TenantRow, TenantSchema } from '../../persistence/entities/tenant.js';
import type { Directory } from '../directory.js';
import { DomainError } from '../errors.js';
import { getTenant } from './manage-tenants.js';
import { SYSTEM_TENANT } from './tenant-defaults.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Soft delete: the tenant turns `deleting`, its issuer stops answering at once (every process
 * drops its cached copy), and its data stays until `purgeAfter` so a mistake can still be
 * undone by hand. Deleting a tenant already being deleted answers the same tenant again.
 */
export async function scheduleTenantDeletion(
  db: Database,
  directory: Directory,
  slug: string,
  graceDays: number,
  actor: EventActor,
): Promise<TenantRow> {
  if (slug === SYSTEM_TENANT) {
    throw DomainError.conflict(
      'tenant.system_protected',
      'The system tenant owns the admin clients and cannot be deleted.',
    );
  }
  const deleting = await db.transaction(async (em) => {
    const tenant = await getTenant(em, slug);
    if (tenant.status === 'deleting') return tenant;
    const now = new Date();
    const changes = { status: 'deleting' as const, updatedAt: now };
    const purgeAfter = new Date(now.getTime() + graceDays * DAY_MS);
    await em.nativeUpdate(TenantSchema, { id: tenant.id }, { ...changes, purgeAfter });
    await recordEvent(em, {
      type: 'tenant.deleted',
      tenant: slug,
      actor,
      data: { slug, purgeAfter: purgeAfter.toISOString() },
    });
    return { ...tenant, ...changes, purgeAfter };
  });
  await directory.invalidate('tenant', slug);
  return deleting;
}

/**
 * Hard-deletes every tenant whose grace period is over, with its clients, users and keys (the
 * foreign keys cascade). Run periodically by the worker role; safe to run from several
 * processes at once, since each row is deleted by exactly one of them.
 */
export async function purgeDeletedTenants(
  db: Database,
  directory: Directory,
  now = new Date(),
): Promise<string[]> {
  const due = await db.em().find(TenantSchema, {
    status: 'deleting',
    purgeAfter: { $lte: now },
  });
  const purged: string[] = [];
  for (const tenant of due) {
    const clientIds = await db.transaction(async (em) => {
      const clients = await em.find(OAuthClientSchema, { tenantId: tenant.id });
      const deleted = await em.nativeDelete(TenantSchema, { id: tenant.id, status: 'deleting' });
      if (deleted === 0) return null;
      await recordEvent(em, {
        type: 'tenant.purged',
        tenant: tenant.slug,
        actor: { type: 'system' },
        data: { slug: tenant.slug },
      });
      return clients.map((client) => client.clientId);
    });
    if (!clientIds) continue;
    await directory.invalidate('tenant', tenant.slug);
    await directory.invalidate('keys', tenant.id);
    for (const clientId of clientIds) await directory.invalidate('client', clientId);
    purged.push(tenant.slug);
  }
  return purged;
}
