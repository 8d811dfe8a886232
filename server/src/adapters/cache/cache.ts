import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimitOptions {
  /** Unique per limiter, such as `login:ip`. */
  name: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

/**
 * Short-lived shared state: sessions, rate-limit counters and caches. Redis in production (shared
 * by every process), memory in embedded mode. Losing it signs people out; it must never be where
 * replay protection lives — that is PostgreSQL's job.
 */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Adds `key` to a set kept for `ttlSeconds` (for example the sessions of one user). */
  addToSet(key: string, member: string, ttlSeconds: number): Promise<void>;
  setMembers(key: string): Promise<string[]>;
  /** Publishes an invalidation to every process (caches of clients and keys listen to it). */
  broadcast(channel: string, message: string): Promise<void>;
  onBroadcast(channel: string, listener: (message: string) => void): Promise<void>;
  rateLimiter(options: RateLimitOptions): RateLimiterAbstract;
  check(): Promise<void>;
  close(): Promise<void>;
}
