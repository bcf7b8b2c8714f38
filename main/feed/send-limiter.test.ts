import { describe, expect, it } from 'vitest';
import { SendLimiter } from './send-limiter';

describe('SendLimiter', () => {
  it('sends at most the limit in any sliding second, in order, and queues the rest', async () => {
    const sent: { frame: string; at: number }[] = [];
    const limiter = new SendLimiter(4, (frame) => sent.push({ frame, at: Date.now() }));
    limiter.push(...Array.from({ length: 6 }, (_, i) => `f${i}`));
    expect(sent.map((s) => s.frame)).toEqual(['f0', 'f1', 'f2', 'f3']);
    expect(limiter.pending).toBe(2);
    const deadline = Date.now() + 3_000;
    while (sent.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(sent.map((s) => s.frame)).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5']);
    // The fifth frame waited for the first to leave the window.
    expect(sent[4]!.at - sent[0]!.at).toBeGreaterThanOrEqual(990);
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
