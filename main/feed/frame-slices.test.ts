import { describe, expect, it } from 'vitest';
import type { MarketTick, ServerMessage } from '../../protocol/feed';
import { FrameSlices, type SliceTarget } from './frame-slices';

const tick = (seq: number): MarketTick =>
  ({ instrument: 'ACME', seq, ts: seq, kind: 'trade', price: 100, size: 1 }) as MarketTick;
const ticks = (from: number, n: number): ServerMessage => ({
  op: 'ticks',
  ticks: Array.from({ length: n }, (_, i) => tick(from + i)),
});
const heartbeat: ServerMessage = { op: 'heartbeat', ts: 0 } as ServerMessage;

/** A target that records slices and the socket's pauses; turns run when the test says. */
function rig(sliceTicks: number) {
  const folded: { seqs: number[]; ops: string[]; continued: boolean }[] = [];
  const flow: string[] = [];
  const turns: (() => void)[] = [];
  const target: SliceTarget = {
    fold: (messages, _at, continued) =>
      folded.push({
        seqs: messages.flatMap((m) => (m.op === 'ticks' ? m.ticks.map((t) => t.seq) : [])),
        ops: messages.map((m) => m.op),
        continued,
      }),
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
  };
  const slices = new FrameSlices(target, sliceTicks, (run) => turns.push(run));
  const nextTurn = () => turns.shift()!();
  const allSeqs = () => folded.flatMap((f) => f.seqs);
  return { slices, folded, flow, turns, nextTurn, allSeqs };
}

describe('FrameSlices', () => {
  it('folds a small frame in one call, at once, and leaves nothing for later', () => {
    const r = rig(10);
    r.slices.frame(() => r.slices.messages([ticks(1, 4), heartbeat], 0));
    expect(r.folded).toEqual([
      { seqs: [1, 2, 3, 4], ops: ['ticks', 'heartbeat'], continued: false },
    ]);
    expect(r.slices.busy).toBe(false);
    expect(r.turns).toHaveLength(0);
  });

  it('folds a large frame a slice a turn, in order, every tick once', () => {
    const r = rig(10);
    r.slices.frame(() => r.slices.messages([ticks(1, 7), ticks(8, 18), heartbeat], 0));
    expect(r.folded.map((f) => f.seqs.length)).toEqual([10]);
    while (r.turns.length > 0) r.nextTurn();
    expect(r.folded.map((f) => f.seqs.length)).toEqual([10, 10, 5]);
    expect(r.allSeqs()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // The second and third slices start inside the split message: not frames of their own.
    expect(r.folded.map((f) => f.continued)).toEqual([false, true, true]);
    expect(r.folded[2]!.ops).toEqual(['ticks', 'heartbeat']);
    expect(r.slices.busy).toBe(false);
  });

  it('holds later frames behind the one being folded, pausing the socket until all are in', () => {
    const r = rig(10);
    const taken: string[] = [];
    r.slices.frame(() => {
      taken.push('a');
      r.slices.messages([ticks(1, 25)], 0);
    });
    r.slices.frame(() => {
      taken.push('b');
      r.slices.messages([ticks(26, 3)], 0);
    });
    expect(taken).toEqual(['a']);
    expect(r.flow.at(-1)).toBe('pause');
    while (r.turns.length > 0) r.nextTurn();
    expect(taken).toEqual(['a', 'b']);
    expect(r.allSeqs()).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(r.flow.at(-1)).toBe('resume');
    expect(r.slices.busy).toBe(false);
  });

  it('drains everything in order at once when the socket ends', () => {
    const r = rig(10);
    r.slices.frame(() => r.slices.messages([ticks(1, 25)], 0));
    r.slices.frame(() => r.slices.messages([ticks(26, 12)], 0));
    r.slices.drain();
    expect(r.allSeqs()).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(r.slices.busy).toBe(false);
    expect(r.flow.at(-1)).toBe('resume');
  });

  it('asked to drain from inside a fold, folds nothing out of order; the rest follows', () => {
    const r = rig(10);
    let folds = 0;
    const slices = new FrameSlices(
      {
        fold: (messages, at, continued) => {
          // On the second slice, with the next frame waiting.
          if (++folds === 2) {
            slices.drain(); // a teardown asked by the fold (a gap its dialect cannot resync)
            slices.dropWaiting();
          }
          r.folded.push({
            seqs: messages.flatMap((m) => (m.op === 'ticks' ? m.ticks.map((t) => t.seq) : [])),
            ops: [],
            continued,
          });
        },
        pause: () => {},
        resume: () => {},
      },
      10,
      (run) => r.turns.push(run),
    );
    slices.frame(() => slices.messages([ticks(1, 25)], 0));
    slices.frame(() => slices.messages([ticks(26, 5)], 0)); // the discarded socket's: dropped
    while (r.turns.length > 0) r.nextTurn();
    expect(r.allSeqs()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('refuses a slice that is not a positive whole number of ticks', () => {
    const target: SliceTarget = { fold: () => {}, pause: () => {}, resume: () => {} };
    expect(() => new FrameSlices(target, 0)).toThrow(/positive whole number/);
    expect(() => new FrameSlices(target, 1.5)).toThrow(/positive whole number/);
  });
});
