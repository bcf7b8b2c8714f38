import { afterEach, describe, expect, it } from 'vitest';
import type { SnapshotMessage, TicksMessage } from '../protocol/feed';
import { startSimulator } from '../feed-simulator/index';
import { StateFold } from './state-fold';
import { TestClient } from '../test-support/capture-client';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('StateFold', () => {
  it('folds ticks into exactly the snapshot the simulator sends a newcomer (so checkpoints are faithful)', async () => {
    const sim = await startSimulator({
      port: 0,
      seed: 11,
      rate: 2_000,
      instruments: 6,
      matches: 3,
      matchDurationMs: 20_000,
    });
    closers.push(() => sim.close());
    const early = await TestClient.connect(sim.url);
    closers.push(() => early.close());
    await early.request({ op: 'subscribe', instruments: ['*'] });
    await new Promise((r) => setTimeout(r, 1_500));
    const late = await TestClient.connect(sim.url);
    closers.push(() => late.close());
    await late.request({ op: 'subscribe', instruments: ['*'] });
    await late.waitFor((r) => r.msg.op === 'ticks');
    const wanted = new Map(
      late.frames
        .filter((r) => r.msg.op === 'snapshot')
        .map((r) => [r.msg.instrument as string, r.msg as unknown as SnapshotMessage]),
    );
    expect(wanted.size).toBe(9);
    await new Promise((r) => setTimeout(r, 200));

    // Replay what the early client saw, tick by tick, and catch each instrument at the late seq.
    const fold = new StateFold();
    const caught = new Map<string, SnapshotMessage>();
    const check = (): void => {
      for (const snap of fold.snapshots()) {
        if (!caught.has(snap.instrument) && snap.seq === wanted.get(snap.instrument)?.seq)
          caught.set(snap.instrument, snap);
      }
    };
    for (const r of early.frames) {
      if (r.msg.op === 'snapshot') {
        fold.apply(r.msg);
        check();
      } else if (r.msg.op === 'ticks') {
        for (const tick of (r.msg as unknown as TicksMessage).ticks) {
          fold.apply({ op: 'ticks', ticks: [tick] });
          check();
        }
      }
    }
    expect(caught.size).toBe(9);
    for (const [id, snap] of wanted) expect(caught.get(id), id).toEqual(snap);
  });

  it('reports a gap when a seq is skipped, taking conflation into account', () => {
    const fold = new StateFold();
    const quote = { kind: 'quote', bid: 1, ask: 2, bidSize: 1, askSize: 1, ts: 1, instrument: 'A' };
    expect(fold.apply({ op: 'ticks', ticks: [{ ...quote, seq: 1 }] })).toEqual([]);
    expect(fold.apply({ op: 'ticks', ticks: [{ ...quote, seq: 4, conflated: 3 }] })).toEqual([]);
    expect(fold.apply({ op: 'ticks', ticks: [{ ...quote, seq: 9 }] })).toEqual([
      { instrument: 'A', expected: 5, got: 9 },
    ]);
  });
});
