import { afterEach, describe, expect, it } from 'vitest';
import { Ingest } from './ingest';
import { Metrics } from './metrics';
import { PendingRequests } from './pending-requests';
import { T0, market, marketSnapshot, trade } from '../../test-support/engine-fixtures';

const metrics: Metrics[] = [];
afterEach(() => {
  for (const m of metrics.splice(0)) m.close();
});

function ingest(now: number): Ingest {
  const m = new Metrics();
  metrics.push(m);
  return new Ingest(m, new PendingRequests(), () => {}, now);
}

const hello = {
  op: 'hello',
  protocol: 1,
  heartbeatMs: 1_000,
  instruments: [market('A')],
} as const;

describe('Ingest', () => {
  it('says when data last arrived, ticks and snapshots alike', () => {
    const i = ingest(T0);
    i.fold(hello, T0);
    expect(i.figures(T0).lastDataAt).toBeNull();
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(100) }, T0 + 10);
    expect(i.figures(T0 + 20).lastDataAt).toBe(T0 + 10);
    i.fold({ op: 'ticks', ticks: [trade('A', 2, 101)] }, T0 + 30);
    i.fold({ op: 'heartbeat', ts: T0 + 40 }, T0 + 40);
    expect(i.figures(T0 + 50).lastDataAt).toBe(T0 + 30);
  });

  it('starts the counters of a new source session from zero, and says since when', () => {
    const i = ingest(T0);
    i.fold(hello, T0);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(100) }, T0);
    // seq 2 and 3 are missing: a gap; after the resync, seq 7 stands for two events.
    i.fold({ op: 'ticks', ticks: [trade('A', 4, 101)] }, T0 + 1);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 5, state: marketSnapshot(101) }, T0 + 2);
    i.fold(
      { op: 'ticks', ticks: [{ ...trade('A', 7, 102), conflated: 2 }, trade('A', 8, 103)] },
      T0 + 3,
    );
    i.malformedFrame('BAD_JSON');
    const before = i.figures(T0 + 4);
    expect(before).toMatchObject({ gaps: 1, resyncs: 1, conflatedTicks: 1, malformed: 1 });
    expect(before.sessionStartedAt).toBe(T0);

    i.restart(T0 + 5_000);
    const after = i.figures(T0 + 5_001);
    expect(after).toMatchObject({
      gaps: 0,
      resyncs: 0,
      conflatedTicks: 0,
      conflatedFrames: 0,
      malformed: 0,
      lastDataAt: null,
      lastError: null,
      sessionStartedAt: T0 + 5_000,
    });
    expect(after.ticksTotal).toBe(before.ticksTotal);
  });
});

describe('Ingest and the book', () => {
  it('empties the book of an instrument whose checksum failed, until a snapshot brings one', () => {
    const i = ingest(T0);
    i.fold(hello, T0);
    const book = { bids: [[99, 1]] as const, asks: [[101, 1]] as const };
    i.fold(
      { op: 'snapshot', instrument: 'A', seq: 1, state: { ...marketSnapshot(100), book } },
      T0,
    );
    const depth = i.state.markets.get('A')!.depth;
    expect(depth.book!.bids).toEqual([[99, 1]]);
    i.lost([{ instrument: 'A', reason: 'checksum' }], T0);
    expect(i.figures(T0).checksumMismatches).toBe(1);
    expect(depth.bookValid).toBe(false);
    expect(depth.book!.bids).toEqual([]);
    i.fold(
      { op: 'snapshot', instrument: 'A', seq: 3, state: { ...marketSnapshot(100), book } },
      T0,
    );
    expect(depth.bookValid).toBe(true);
  });
});
