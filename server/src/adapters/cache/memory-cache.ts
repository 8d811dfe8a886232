import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import type { Cache, RateLimitOptions } from './cache.js';

interface Entry {
  value: string | Set<string>;
  expiresAt: number;
}

/** How often expired entries are dropped even if nobody reads them again. */
export const SWEEP_INTERVAL_MS = 60_000;

/** The embedded cache: one process only, gone at restart (which signs everyone out). */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, Array<(message: string) => void>>();
  // Keys written once and never read again (an abandoned session) would otherwise stay forever.
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  private closed = false;

  /** How many entries are held, expired ones included until the next sweep. */
  get size(): number {
    return this.entries.size;
  }

  /** Drops every expired entry; runs on a timer that never keeps the process alive. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  async get(key: string) {
    const entry = this.live(key);
    return typeof entry?.value === 'string' ? entry.value : null;
  }

  async set(key: string, value: string, ttlSeconds: number) {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async delete(key: string) {
    this.entries.delete(key);
  }

  async addToSet(key: string, member: string, ttlSeconds: number) {
    const entry = this.live(key);
    const members = entry?.value instanceof Set ? entry.value : new Set<string>();
    members.add(member);
    this.entries.set(key, { value: members, expiresAt: Date.now() + ttlSeconds * 1000 });
  }

  async setMembers(key: string) {
    const entry = this.live(key);
    return entry?.value instanceof Set ? [...entry.value] : [];
  }

  async broadcast(channel: string, message: string) {
    for (const listener of this.listeners.get(channel) ?? []) listener(message);
  }

  async onBroadcast(channel: string, listener: (message: string) => void) {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  }

  rateLimiter(options: RateLimitOptions): RateLimiterAbstract {
    return new RateLimiterMemory({
      keyPrefix: options.name,
      points: options.points,
      duration: options.durationSeconds,
      blockDuration: options.blockSeconds ?? 0,
    });
  }

  async check() {
    if (this.closed) throw new Error('the in-memory cache is closed');
  }

  async close() {
    this.closed = true;
    clearInterval(this.sweeper);
    this.entries.clear();
    this.listeners.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
