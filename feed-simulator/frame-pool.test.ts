import { describe, expect, it } from 'vitest';
import { FramePool } from './frame-pool';

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

describe('FramePool', () => {
  it('never reuses a large frame while a holder still has it', () => {
    const pool = new FramePool();
    const first = pool.copy(bytes(100_000, 1));
    expect(pool.hold(first)).toBe(true); // a socket it is sent to
    pool.release(first); // the interval is done with it
    const second = pool.copy(bytes(100_000, 2));
    expect(second.buffer).not.toBe(first.buffer);
    expect(first.every((b) => b === 1)).toBe(true);
    expect(second.every((b) => b === 2)).toBe(true);
  });

  it('reuses a large frame once every holder let go, for a frame that fits', () => {
    const pool = new FramePool();
    const first = pool.copy(bytes(100_000, 1));
    pool.hold(first);
    pool.release(first);
    pool.release(first);
    const smaller = pool.copy(bytes(90_000, 3));
    expect(smaller.buffer).toBe(first.buffer);
    expect(smaller.length).toBe(90_000);
    expect(smaller.every((b) => b === 3)).toBe(true);
    pool.release(smaller);
    const tooBig = pool.copy(bytes(400_000, 4));
    expect(tooBig.buffer).not.toBe(first.buffer);
    expect(tooBig.length).toBe(400_000);
  });

  it('leaves small frames to Node: each is its own copy, never handed out again', () => {
    const pool = new FramePool();
    const small = pool.copy(bytes(1_000, 5));
    expect(pool.hold(small)).toBe(false);
    pool.release(small);
    const next = pool.copy(bytes(1_000, 6));
    expect(small.every((b) => b === 5)).toBe(true);
    expect(next.every((b) => b === 6)).toBe(true);
  });
});
