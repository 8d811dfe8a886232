import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MemoryCache, SWEEP_INTERVAL_MS } from './memory-cache.js';

describe('MemoryCache', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('an entry past its time to live -> gone', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new MemoryCache();
    await cache.set('session:1', 'alice', 10);

    jest.setSystemTime(1_000_000 + 10_001);

    expect(await cache.get('session:1')).toBeNull();
    await cache.close();
  });

  it('expired entries nobody reads again -> dropped by the periodic sweep', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const cache = new MemoryCache();
    await cache.set('abandoned', 'x', 1);
    await cache.addToSet('user:1:sessions', 's1', 1);
    await cache.set('kept', 'y', 3600);

    jest.advanceTimersByTime(SWEEP_INTERVAL_MS);

    expect(cache.size).toBe(1);
    expect(await cache.get('kept')).toBe('y');
    await cache.close();
  });

  it('the sweep timer -> does not keep the process alive', () => {
    const spy = jest.spyOn(global, 'setInterval');
    const cache = new MemoryCache();

    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;

    expect(timer.hasRef()).toBe(false);
    spy.mockRestore();
    void cache.close();
  });
});
