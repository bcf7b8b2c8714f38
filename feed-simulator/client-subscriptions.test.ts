import { describe, expect, it } from 'vitest';
import { ClientSubscriptions, UNSUBSCRIBED } from './client-subscriptions';

describe('ClientSubscriptions', () => {
  it('counts what it takes and what it conflates, and says which instruments are new', () => {
    const subs = new ClientSubscriptions(4);
    expect(subs.add(1, 0)).toBe(true);
    expect(subs.add(2, 200)).toBe(true);
    expect(subs.add(2, 0)).toBe(false);
    expect(subs.add(3, 100)).toBe(true);
    expect([subs.count, subs.conflated]).toEqual([3, 1]);
    expect(subs.remove(3)).toBe(true);
    expect(subs.remove(0)).toBe(false);
    expect([subs.count, subs.conflated]).toEqual([2, 0]);
    expect([0, 1, 2, 3].map(subs.takes)).toEqual([false, true, true, false]);
    expect(subs.conflateMsOf[3]).toBe(UNSUBSCRIBED);
  });

  it('gives clients taking the same instruments the same key, whatever their windows', () => {
    const a = new ClientSubscriptions(3);
    const b = new ClientSubscriptions(3);
    a.add(0, 0);
    a.add(2, 0);
    b.add(2, 250);
    expect(a.key()).not.toBe(b.key());
    b.add(0, 0);
    expect(a.key()).toBe(b.key());
    for (const subs of [a, b]) subs.add(1, 0);
    expect(a.key()).toBe('*');
    a.remove(1);
    expect(a.key()).toBe('0,2');
  });
});
