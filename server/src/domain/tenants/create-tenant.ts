import { randomUUID } from 'node:crypto';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { EntityManager } from '../../persistence/database.js';
import {
  type TenantBranding,
  type TenantRow,
  TenantSchema,
  type TenantSettings,
} from '../../persistence/entities/tenant.js';
import type { KeyEncryption } from '../crypto/key-encryption.js';
import { createSigningKey, type SigningAlg } from '../keys/signing-keys.js';
import { DEFAULT_BRANDING, DEFAULT_SETTINGS } from './tenant-defaults.js';

export interface NewTenant {
  slug: string;
  displayName?: string;
  region?: string;
  allowedDomains?: string[];
  branding?: Partial<TenantBranding>;
  settings?: Partial<TenantSettings>;
  signingAlg?: SigningAlg;
}

/**
 * Inserts a tenant with its first (active) signing key and records `tenant.created`, all in the
 * caller's transaction. Validation of the input is the caller's (the admin API's schema).
 */
export async function insertTenant(
  em: EntityManager,
  kek: KeyEncryption,
  input: NewTenant,
  actor: EventActor,
): Promise<TenantRow> {
  const now = new Date();
  const tenant: TenantRow = {
    id: randomUUID(),
    slug: input.slug,
    displayName: input.displayName ?? input.slug,
    region: input.region ?? 'default',
    status: 'active',
    allowedDomains: input.allowedDomains ?? [],
    branding: { ...DEFAULT_BRANDING, ...input.branding },
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    createdAt: now,
    updatedAt: now,
    purgeAfter: null,
  };
  await em.insert(TenantSchema, tenant);
  await createSigningKey(em, kek, tenant.id, input.signingAlg ?? 'ES256', 'active');
  await recordEvent(em, {
    type: 'tenant.created',
    tenant: tenant.slug,
    actor,
    data: { slug: tenant.slug, region: tenant.region },
  });
  return tenant;
}
