import { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';
import type { Cache, RateLimitOptions } from './cache.js';

/** The cache on Redis; keys are prefixed with the namespace so installations can share a server. */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;
  private subscriber?: Redis;
  private closed = false;
  private readonly listeners = new Map<string, Array<(message: string) => void>>();

  private constructor(
    private readonly client: Redis,
    private readonly url: string,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, namespace: string): Promise<RedisCache> {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectTimeout: 5000,
    });
    // ioredis emits 'error' on every failed reconnect; readiness reports it, so do not crash.
    client.on('error', () => undefined);
    await client.connect();
    return new RedisCache(client, url, `${namespace}:`);
  }

  get(key: string) {
    return this.client.get(this.prefix + key);
  }

  async set(key: string, value: string, ttlSeconds: number) {
    await this.client.set(this.prefix + key, value, 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async delete(key: string) {
    await this.client.del(this.prefix + key);
  }

  async addToSet(key: string, member: string, ttlSeconds: number) {
    await this.client
      .multi()
      .sadd(this.prefix + key, member)
      .expire(this.prefix + key, Math.max(1, Math.ceil(ttlSeconds)))
      .exec();
  }

  setMembers(key: string) {
    return this.client.smembers(this.prefix + key);
  }

  async broadcast(channel: string, message: string) {
    await this.client.publish(this.prefix + channel, message);
  }

  async onBroadcast(channel: string, listener: (message: string) => void) {
    if (!this.subscriber) {
      this.subscriber = new Redis(this.url, { lazyConnect: true });
      this.subscriber.on('error', () => undefined);
      this.subscriber.on('message', (name: string, message: string) => {
        for (const each of this.listeners.get(name) ?? []) each(message);
      });
      await this.subscriber.connect();
    }
    const name = this.prefix + channel;
    if (!this.listeners.has(name)) {
      this.listeners.set(name, []);
      await this.subscriber.subscribe(name);
    }
    this.listeners.get(name)?.push(listener);
  }

  rateLimiter(options: RateLimitOptions): RateLimiterAbstract {
    return new RateLimiterRedis({
      storeClient: this.client,
      keyPrefix: `${this.prefix}rl:${options.name}`,
      points: options.points,
      duration: options.durationSeconds,
      blockDuration: options.blockSeconds ?? 0,
    });
  }

  async check() {
    if (this.closed) throw new Error('the Redis connection is closed');
    await this.client.ping();
  }

  async close() {
    // Closing twice (a test, then its container) must not wake the client up again.
    if (this.closed) return;
    this.closed = true;
    this.subscriber?.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
