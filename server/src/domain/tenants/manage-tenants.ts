import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EventActor } from '../../events/envelope.js';
import { recordEvent } from '../../events/outbox.js';
import type { Database, EntityManager } from '../../persistence/database.js';
import {
  type TenantBranding,
  type TenantRow,
  TenantSchema,
  type TenantSettings,
} from '../../persistence/entities/tenant.js';
import type { KeyEncryption } from '../crypto/key-encryption.js';
import type { Directory } from '../directory.js';
import { isHostName, toAsciiDomain } from '../domain-names.js';
import { DomainError } from '../errors.js';
import { afterCursor, type Page, type PageRequest, pageLimit, toPage } from '../paging.js';
import { insertTenant, type NewTenant } from './create-tenant.js';
import {
  assertAudienceSettings,
  assertSystemSignupClosed,
  withIssuerAsNull,
} from './settings-rules.js';
import { DEFAULT_SETTINGS, issuerOf } from './tenant-defaults.js';

export interface TenantChanges {
  displayName?: string;
  region?: string;
  allowedDomains?: string[];
  branding?: Partial<TenantBranding>;
  settings?: Partial<TenantSettings>;
}

/** Creates a tenant with its first signing key; a slug in use is `tenant.slug_taken`. */
export async function createTenant(
  db: Database,
  kek: KeyEncryption,
  input: NewTenant,
  actor: EventActor,
  publicUrl: string,
): Promise<TenantRow> {
  const allowedDomains = storedDomains(input.allowedDomains);
  const issuer = issuerOf(publicUrl, input.slug);
  const settings = withIssuerAsNull({ ...DEFAULT_SETTINGS, ...input.settings }, issuer);
  assertAudienceSettings(input.slug, settings, issuer);
  try {
    return await db.transaction((em) =>
      insertTenant(em, kek, { ...input, allowedDomains, settings }, actor),
    );
  } catch (error) {
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    throw DomainError.conflict('tenant.slug_taken', 'This slug is already taken.', 'slug');
  }
}

/**
 * Allowed domains are stored in their ASCII (punycode) form, without repeats, so that the
 * sign-up check and every reader compare like with like: `exämple.com` is `xn--exmple-cua.com`.
 */
function storedDomains(domains: readonly string[] | undefined): string[] | undefined {
  if (!domains) return undefined;
  const ascii = domains.map((domain, index) => {
    const converted = toAsciiDomain(domain);
    if (converted && isHostName(converted)) return converted;
    throw DomainError.invalid(
      'tenant.domain_invalid',
      'Use a domain name, such as example.com or exämple.com.',
      `allowedDomains.${index}`,
    );
  });
  return [...new Set(ascii)];
}

export async function listTenants(db: Database, request: PageRequest): Promise<Page<TenantRow>> {
  const limit = pageLimit(request.limit);
  const rows = await db.em().find(TenantSchema, afterCursor(request.cursor), {
    orderBy: { createdAt: 'asc', id: 'asc' },
    limit: limit + 1,
  });
  return toPage(rows, limit, (row) => row);
}

/** A tenant by slug, whatever its status; `tenant.not_found` when there is none. */
export async function getTenant(em: EntityManager, slug: string): Promise<TenantRow> {
  const tenant = await em.findOne(TenantSchema, { slug });
  if (!tenant) throw DomainError.notFound('tenant.not_found', `No tenant ${slug}.`);
  return tenant;
}

/** Refuses changes under a tenant that waits for its purge: they would be lost anyway. */
export function assertTenantActive(tenant: TenantRow): void {
  if (tenant.status !== 'active') {
    throw DomainError.conflict(
      'tenant.deleting',
      `Tenant ${tenant.slug} is being deleted; it can no longer be changed.`,
    );
  }
}

/** Changes a tenant's fields; branding and settings merge key by key into what is stored. */
export async function updateTenant(
  db: Database,
  directory: Directory,
  slug: string,
  changes: TenantChanges,
  actor: EventActor,
  publicUrl: string,
): Promise<TenantRow> {
  assertSystemSignupClosed(slug, changes.settings?.signupEnabled);
  const updated = await db.transaction(async (em) => {
    const tenant = await getTenant(em, slug);
    assertTenantActive(tenant);
    const issuer = issuerOf(publicUrl, slug);
    const settings = withIssuerAsNull(
      { ...DEFAULT_SETTINGS, ...tenant.settings, ...changes.settings },
      issuer,
    );
    if (changes.settings) assertAudienceSettings(slug, settings, issuer);
    const next: Partial<TenantRow> = {
      displayName: changes.displayName ?? tenant.displayName,
      region: changes.region ?? tenant.region,
      allowedDomains: storedDomains(changes.allowedDomains) ?? tenant.allowedDomains,
      branding: { ...tenant.branding, ...changes.branding },
      settings,
      updatedAt: new Date(),
    };
    await em.nativeUpdate(TenantSchema, { id: tenant.id }, next);
    await recordEvent(em, {
      type: 'tenant.updated',
      tenant: slug,
      actor,
      data: { slug, fields: Object.keys(changes) },
    });
    return { ...tenant, ...next } as TenantRow;
  });
  await directory.invalidate('tenant', slug);
  return updated;
}
