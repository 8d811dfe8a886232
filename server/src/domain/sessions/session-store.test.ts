import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { MemoryCache } from '../../adapters/cache/memory-cache.js';
import { SessionStore } from './session-store.js';

const tenant = (idle = 60, absolute = 24) => ({
  id: 't-1',
  settings: { sessionIdleMinutes: idle, sessionAbsoluteHours: absolute },
});

describe('SessionStore', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('create gives a fresh random id each time and get finds it', async () => {
    const store = new SessionStore(new MemoryCache());

    const a = await store.create(tenant(), { userId: 'u-1', amr: ['pwd'] });
    const b = await store.create(tenant(), { userId: 'u-1', amr: ['pwd'] });

    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[\w-]{43}$/);
    expect(await store.get(a.id)).toMatchObject({ tenantId: 't-1', userId: 'u-1', amr: ['pwd'] });
    expect(await store.get('x'.repeat(43))).toBeNull();
  });

  it('a session idle longer than sessionIdleMinutes is gone; touching it keeps it alive', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T10:00:00Z'), doNotFake: ['setInterval'] });
    const store = new SessionStore(new MemoryCache());
    const kept = await store.create(tenant(2), { userId: 'u-1', amr: ['pwd'] });
    const idle = await store.create(tenant(2), { userId: 'u-2', amr: ['pwd'] });

    jest.setSystemTime(new Date('2026-12-03T10:01:30Z'));
    await store.touch(kept.id);
    jest.setSystemTime(new Date('2026-12-03T10:03:00Z'));

    expect(await store.get(kept.id)).not.toBeNull();
    expect(await store.get(idle.id)).toBeNull();
  });

  it('a session past sessionAbsoluteHours is gone however recently it was used', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T10:00:00Z'), doNotFake: ['setInterval'] });
    const store = new SessionStore(new MemoryCache());
    const session = await store.create(tenant(60, 1), { userId: 'u-1', amr: ['pwd'] });

    for (let minute = 30; minute <= 60; minute += 30) {
      jest.setSystemTime(new Date(Date.parse('2026-12-03T10:00:00Z') + minute * 60_000 - 1000));
      await store.touch(session.id);
    }
    jest.setSystemTime(new Date('2026-12-03T11:00:01Z'));

    expect(await store.get(session.id)).toBeNull();
  });

  it('destroyAllForUser ends every session of that user at that tenant only', async () => {
    const store = new SessionStore(new MemoryCache());
    const one = await store.create(tenant(), { userId: 'u-1', amr: ['pwd'] });
    const two = await store.create(tenant(), { userId: 'u-1', amr: ['pwd'] });
    const other = await store.create(tenant(), { userId: 'u-2', amr: ['pwd'] });
    const elsewhere = await store.create(
      { ...tenant(), id: 't-2' },
      { userId: 'u-1', amr: ['pwd'] },
    );

    expect(await store.destroyAllForUser('t-1', 'u-1')).toBe(2);
    expect(await store.get(one.id)).toBeNull();
    expect(await store.get(two.id)).toBeNull();
    expect(await store.get(other.id)).not.toBeNull();
    expect(await store.get(elsewhere.id)).not.toBeNull();
  });
});
