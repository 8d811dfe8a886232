import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { Cache } from '../../adapters/cache/cache.js';

/**
 * The account key both sign-in and the account page's password re-check count under, so a
 * guess at either counts toward one lock.
 */
export function accountThrottleKey(tenantId: string, emailKey: string): string {
  return `${tenantId}:${emailKey}`;
}

export interface ThrottleLimits {
  /** Failures per account (an email at a tenant, whether or not it exists). */
  maxFailures: number;
  /** Failures per client IP address, over all accounts and tenants. */
  ipMaxFailures: number;
  /** The counting window, and how long a lock lasts once reached. */
  lockSeconds: number;
}

/**
 * Limits failed sign-ins per account and per IP on the cache's rate limiter, which is Redis when
 * configured and so shared by every process. The account key is the normalised email whether or
 * not a user has it, so the throttling itself tells nothing about which emails are registered.
 */
export class LoginThrottle {
  private readonly account: RateLimiterAbstract;
  private readonly ip: RateLimiterAbstract;

  constructor(
    cache: Cache,
    private readonly limits: ThrottleLimits,
  ) {
    const window = { durationSeconds: limits.lockSeconds, blockSeconds: limits.lockSeconds };
    this.account = cache.rateLimiter({
      name: 'login:account',
      points: limits.maxFailures,
      ...window,
    });
    this.ip = cache.rateLimiter({ name: 'login:ip', points: limits.ipMaxFailures, ...window });
  }

  /** Seconds until sign-in may be tried again, or 0 when it may be tried now. */
  async retryAfter(accountKey: string, ip: string): Promise<number> {
    const [account, address] = await Promise.all([this.account.get(accountKey), this.ip.get(ip)]);
    return Math.max(
      lockedFor(account, this.limits.maxFailures),
      lockedFor(address, this.limits.ipMaxFailures),
    );
  }

  /** Counts one failure; reaching a limit locks that key for the whole lock period from now. */
  async recordFailure(accountKey: string, ip: string): Promise<void> {
    await Promise.all([
      countFailure(this.account, accountKey, this.limits.maxFailures, this.limits.lockSeconds),
      countFailure(this.ip, ip, this.limits.ipMaxFailures, this.limits.lockSeconds),
    ]);
  }

  /** A successful sign-in clears the account's failures (not the IP's). */
  async recordSuccess(accountKey: string): Promise<void> {
    await this.account.delete(accountKey);
  }
}

function lockedFor(res: RateLimiterRes | null, points: number): number {
  if (!res || res.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

async function countFailure(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
  lockSeconds: number,
): Promise<void> {
  const res = await limiter.consume(key).catch((over: unknown) => over as RateLimiterRes);
  if (res && typeof res.consumedPoints === 'number' && res.consumedPoints === points) {
    await limiter.block(key, lockSeconds);
  }
}
