import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Database } from '../../persistence/database.js';
import { type TenantRow, TenantSchema } from '../../persistence/entities/tenant.js';
import type { KeyEncryption } from '../crypto/key-encryption.js';
import { insertTenant } from './create-tenant.js';
import { SYSTEM_TENANT } from './tenant-defaults.js';

/**
 * Makes sure the `system` tenant exists (it owns the admin clients). Safe when several processes
 * start at once: the loser of the race reads the winner's row.
 */
export async function ensureSystemTenant(db: Database, kek: KeyEncryption): Promise<TenantRow> {
  const existing = await db.em().findOne(TenantSchema, { slug: SYSTEM_TENANT });
  if (existing) return existing;
  try {
    return await db.transaction((em) =>
      insertTenant(
        em,
        kek,
        { slug: SYSTEM_TENANT, displayName: 'Latchkey system', settings: { signupEnabled: false } },
        { type: 'system' },
      ),
    );
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const winner = await db.em().findOne(TenantSchema, { slug: SYSTEM_TENANT });
    if (!winner) throw error;
    return winner;
  }
}
