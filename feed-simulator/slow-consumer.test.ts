import { describe, expect, it } from 'vitest';
import { SlowConsumerPolicy } from './slow-consumer';

const MIB = 1024 * 1024;

describe('SlowConsumerPolicy', () => {
  it('puts a client behind past 4 MiB unsent and back to every tick under 1 MiB', () => {
    const policy = new SlowConsumerPolicy();
    expect(policy.check(3 * MIB, 0)).toBeNull();
    expect(policy.behind).toBe(false);
    expect(policy.check(4 * MIB, 10)).toBeNull();
    expect(policy.behind).toBe(true);
    expect(policy.check(2 * MIB, 20)).toBeNull();
    expect(policy.behind).toBe(true);
    expect(policy.check(MIB - 1, 30)).toBeNull();
    expect(policy.behind).toBe(false);
  });

  it('closes a client behind for 3 s, or at once past 64 MiB, saying why', () => {
    const behind = new SlowConsumerPolicy();
    behind.check(5 * MIB, 1_000);
    expect(behind.check(2 * MIB, 3_999)).toBeNull();
    expect(behind.check(2 * MIB, 4_000)).toBe('slow consumer: 2.0 MiB unsent, behind for 3.0 s');
    expect(new SlowConsumerPolicy().check(64 * MIB, 0)).toBe(
      'slow consumer: 64.0 MiB unsent, behind for 0.0 s',
    );
  });

  it('flushes conflated ticks at once, but while behind at most every 250 ms', () => {
    const policy = new SlowConsumerPolicy();
    expect(policy.mayFlush(0)).toBe(true);
    expect(policy.mayFlush(1)).toBe(true);
    policy.check(5 * MIB, 1_000);
    expect(policy.mayFlush(1_000)).toBe(true);
    expect(policy.mayFlush(1_249)).toBe(false);
    expect(policy.mayFlush(1_250)).toBe(true);
  });
});
