import { recordEvent } from '../../events/outbox.js';
import type { Database } from '../../persistence/database.js';
import { SigningKeySchema } from '../../persistence/entities/signing-key.js';
import { TenantSchema } from '../../persistence/entities/tenant.js';
import type { KeyEncryption } from '../crypto/key-encryption.js';
import type { Directory } from '../directory.js';
import { DomainError } from '../errors.js';
import { createSigningKey, type SigningAlg } from './signing-keys.js';

export interface RotationDeps {
  db: Database;
  kek: KeyEncryption;
  directory: Directory;
}

export type RotationStep =
  | { step: 'published'; kid: string }
  | { step: 'activated'; kid: string; retiredKid: string | null; unpublishAfter: Date };

/** The longest a token signed now can live: the tenant's longest ID or access token lifetime. */
async function maxTokenLifetimeSeconds(deps: RotationDeps, tenantId: string): Promise<number> {
  const rows = await deps.db.em().execute<Array<{ longest: number | null }>>(
    `select max(greatest(access_token_ttl, id_token_ttl)) as longest
         from oauth_clients where tenant_id = ?`,
    [tenantId],
  );
  return Math.max(Number(rows[0]?.longest ?? 0), 3600);
}

/**
 * Moves a tenant's key rotation one step. With no `next` key, a new one is generated and
 * published in the JWKS without signing anything, so relying parties can fetch it ahead of
 * use. With a `next` key, it becomes active and the old active key is retired; the retired key
 * stays published until every token it signed has expired (`unpublishAfter`).
 */
export async function rotateSigningKey(
  deps: RotationDeps,
  tenantId: string,
  alg?: SigningAlg,
): Promise<RotationStep> {
  const lifetime = await maxTokenLifetimeSeconds(deps, tenantId);
  const result = await deps.db.transaction(async (em) => {
    const tenant = await em.findOne(TenantSchema, { id: tenantId });
    if (!tenant) throw DomainError.notFound('tenant.not_found', 'No such tenant.');
    const keys = await em.find(SigningKeySchema, { tenantId, status: { $in: ['next', 'active'] } });
    const active = keys.find((key) => key.status === 'active');
    const next = keys.find((key) => key.status === 'next');
    if (!next) {
      const created = await createSigningKey(
        em,
        deps.kek,
        tenantId,
        alg ?? active?.alg ?? 'ES256',
        'next',
      );
      await recordEvent(em, {
        type: 'signing_key.published',
        tenant: tenant.slug,
        data: { kid: created.kid, alg: created.alg },
      });
      return { step: 'published', kid: created.kid } as const;
    }
    const now = new Date();
    const unpublishAfter = new Date(now.getTime() + lifetime * 1000);
    if (active) {
      Object.assign(active, { status: 'retired', retiredAt: now, unpublishAfter });
    }
    Object.assign(next, { status: 'active', activatedAt: now });
    await em.flush();
    await recordEvent(em, {
      type: 'signing_key.activated',
      tenant: tenant.slug,
      data: { kid: next.kid, retiredKid: active?.kid ?? null, unpublishAfter },
    });
    return {
      step: 'activated',
      kid: next.kid,
      retiredKid: active?.kid ?? null,
      unpublishAfter,
    } as const;
  });
  await deps.directory.invalidate('keys', tenantId);
  return result;
}
