import { createHash } from 'node:crypto';
import type { Cache } from '../../adapters/cache/cache.js';
import { generateSecret } from '../crypto/secret-hash.js';

/** A signed-in browser at one tenant. Lives in the cache only: losing it signs the user out. */
export interface LoginSession {
  id: string;
  tenantId: string;
  userId: string;
  /** When the user last authenticated, in epoch seconds (OIDC `auth_time`). */
  authTime: number;
  /** How they authenticated (RFC 8176 values such as `pwd`). */
  amr: string[];
  acr: string;
  createdAt: number;
  lastSeenAt: number;
}

/** The timeouts of a tenant's sessions (from its settings). */
export interface SessionPolicy {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

export interface NewLoginSession {
  userId: string;
  amr: string[];
  acr?: string;
  /** Defaults to now; a step-up keeps the original session but not here: every sign-in is new. */
  authTime?: number;
}

interface StoredSession extends LoginSession {
  idleSeconds: number;
  expiresAt: number;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Server-side sessions on the cache port. The cache key is a hash of the id, so a dump of Redis
 * does not hand out usable cookies. Every `create` makes a fresh random id (C-SESS-1); an id is
 * never reused or changed in place.
 */
export class SessionStore {
  constructor(private readonly cache: Cache) {}

  async create(
    tenant: { id: string; settings: SessionPolicy },
    input: NewLoginSession,
  ): Promise<LoginSession> {
    const now = nowSeconds();
    const stored: StoredSession = {
      id: generateSecret(32),
      tenantId: tenant.id,
      userId: input.userId,
      authTime: input.authTime ?? now,
      amr: input.amr,
      acr: input.acr ?? '0',
      createdAt: now,
      lastSeenAt: now,
      idleSeconds: Math.max(60, tenant.settings.sessionIdleMinutes * 60),
      expiresAt: now + Math.max(60, tenant.settings.sessionAbsoluteHours * 3600),
    };
    await this.save(stored);
    await this.cache.addToSet(
      userSetKey(tenant.id, input.userId),
      stored.id,
      stored.expiresAt - now,
    );
    return toLoginSession(stored);
  }

  /** The live session with this id, or null when unknown, idle too long or past its lifetime. */
  async get(id: string): Promise<LoginSession | null> {
    const stored = await this.read(id);
    return stored ? toLoginSession(stored) : null;
  }

  /** Marks the session as used now, which pushes its idle timeout back (never its lifetime). */
  async touch(id: string): Promise<LoginSession | null> {
    const stored = await this.read(id);
    if (!stored) return null;
    stored.lastSeenAt = nowSeconds();
    await this.save(stored);
    return toLoginSession(stored);
  }

  async destroy(id: string): Promise<void> {
    await this.cache.delete(sessionKey(id));
  }

  /** Ends every session of a user at one tenant (password reset, account disabled). */
  async destroyAllForUser(tenantId: string, userId: string): Promise<number> {
    const key = userSetKey(tenantId, userId);
    const ids = await this.cache.setMembers(key);
    for (const id of ids) await this.cache.delete(sessionKey(id));
    await this.cache.delete(key);
    return ids.length;
  }

  private async read(id: string): Promise<StoredSession | null> {
    if (typeof id !== 'string' || id.length < 20 || id.length > 100) return null;
    const raw = await this.cache.get(sessionKey(id));
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    const now = nowSeconds();
    if (now >= stored.expiresAt || now >= stored.lastSeenAt + stored.idleSeconds) {
      await this.destroy(id);
      return null;
    }
    return stored;
  }

  private async save(stored: StoredSession): Promise<void> {
    const ttl = Math.min(stored.idleSeconds, stored.expiresAt - stored.lastSeenAt);
    await this.cache.set(sessionKey(stored.id), JSON.stringify(stored), Math.max(1, ttl));
  }
}

function sessionKey(id: string): string {
  return `session:${createHash('sha256').update(id).digest('base64url')}`;
}

function userSetKey(tenantId: string, userId: string): string {
  return `user-sessions:${tenantId}:${userId}`;
}

function toLoginSession(stored: StoredSession): LoginSession {
  const { idleSeconds: _idle, expiresAt: _expires, ...session } = stored;
  return session;
}
