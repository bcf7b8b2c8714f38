import { afterEach, describe, expect, it, vi } from 'vitest';
import { SendLimiter } from './send-limiter';

describe('SendLimiter', () => {
  it('sends at most the limit in any sliding second, in order, and queues the rest', async () => {
    const sent: { frame: string; at: number }[] = [];
    // Each frame is stamped with the limiter's own reading of the clock: a send callback's
    // Date.now() runs late under load and made this test flaky (988 ms measured for 1,000).
    let readAt = 0;
    const clock = () => (readAt = Date.now());
    const limiter = new SendLimiter(4, (frame) => sent.push({ frame, at: readAt }), clock);
    limiter.push(...Array.from({ length: 6 }, (_, i) => `f${i}`));
    expect(sent.map((s) => s.frame)).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(limiter.pending).toBe(2);
    const deadline = Date.now() + 3_000;
    while (sent.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sent.map((s) => s.frame)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    // The fifth frame waited for the first to leave the window.
    expect(sent[4]!.at - sent[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('drops queued frames when cleared (their socket is gone)', async () => {
    const sent: string[] = [];
    const limiter = new SendLimiter(1, (frame) => sent.push(frame));
    limiter.push('a', 'b');
    limiter.clear();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(sent).toEqual(['a']);
    expect(limiter.pending).toBe(0);
  });
});

describe('SendLimiter timing, on a fake clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a queued frame the moment the oldest one leaves the window, not before', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const sent: { frame: string; at: number }[] = [];
    const start = Date.now();
    const limiter = new SendLimiter(2, (frame) => sent.push({ frame, at: Date.now() - start }));
    limiter.push('a');
    vi.advanceTimersByTime(300);
    limiter.push('b', 'c', 'd');
    expect(sent.map((s) => s.frame)).toEqual(['a', 'b']);
    vi.advanceTimersByTime(699);
    expect(limiter.pending).toBe(2);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)).toEqual({ frame: 'c', at: 1_000 });
    vi.advanceTimersByTime(299);
    expect(limiter.pending).toBe(1);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)).toEqual({ frame: 'd', at: 1_300 });
    expect(limiter.pending).toBe(0);
  });

  it('sends at once again after a quiet second', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const sent: string[] = [];
    const limiter = new SendLimiter(1, (frame) => sent.push(frame));
    limiter.push('a');
    vi.advanceTimersByTime(1_000);
    limiter.push('b');
    expect(sent).toEqual(['a', 'b']);
  });

  it('starts afresh after clear: the next frame waits only for the window, not a stale timer', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const sent: string[] = [];
    const limiter = new SendLimiter(1, (frame) => sent.push(frame));
    limiter.push('a', 'b');
    limiter.clear();
    vi.advanceTimersByTime(1_000);
    limiter.push('c');
    expect(sent).toEqual(['a', 'c']);
  });
});
