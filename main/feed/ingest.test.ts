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
  it('says when data last arrived: a tick, or a snapshot on a live connection', () => {
    const i = ingest(T0);
    i.connectionLive = true;
    i.fold(hello, T0);
    expect(i.figures(T0).lastDataAt).toBeNull();
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(100) }, T0 + 10);
    expect(i.figures(T0 + 20).lastDataAt).toBe(T0 + 10);
    i.fold({ op: 'ticks', ticks: [trade('A', 2, 101)] }, T0 + 30);
    i.fold({ op: 'heartbeat', ts: T0 + 40 }, T0 + 40);
    expect(i.figures(T0 + 50).lastDataAt).toBe(T0 + 30);
  });

  it('does not take a snapshot served before the connection is live for an update', () => {
    // A NATS desk whose relay is dead: each reconnect serves the stored states again, and the
    // health bar read "last update 0 ms ago" over data no one was updating.
    const i = ingest(T0);
    i.connectionLive = true;
    i.fold(hello, T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 1, 101)] }, T0 + 10);
    i.connectionLive = false;
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(101) }, T0 + 9_000);
    expect(i.figures(T0 + 9_001).lastDataAt).toBe(T0 + 10);
    expect(i.state.has('A')).toBe(true); // shown all the same, as the last state
  });

  it('dates the states served before the connection is live by their own times', () => {
    // A desk started while its relay is away shows the stored states: they said "no data yet".
    const i = ingest(T0);
    i.fold({ ...hello, instruments: [market('A'), market('B')] }, T0);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(1, T0 - 60_000) }, T0);
    i.fold({ op: 'snapshot', instrument: 'B', seq: 1, state: marketSnapshot(1, T0 - 9_000) }, T0);
    expect(i.figures(T0).lastDataAt).toBeNull();
    expect(i.figures(T0).storedDataAt).toBe(T0 - 9_000); // the newest
    i.restart(T0 + 1);
    expect(i.figures(T0 + 1).storedDataAt).toBeNull(); // a new source has none
    // A replay's states are recorded, not stored: a month-old recording is not "stored data".
    const replay = { start: T0, end: T0 + 1, position: T0, playing: false, speed: 1, loop: false };
    i.fold({ ...hello, replay }, T0 + 2);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 2, state: marketSnapshot(1, T0) }, T0 + 2);
    expect(i.figures(T0 + 2).storedDataAt).toBeNull();
  });

  // bug 237: a relay machine's clock 10 min ahead stamped its stored states in the future, and
  // a desk started while the relay was away read "stored data 0 ms old" for 10 min (fails
  // before: the state's own time, T0 + 600 s).
  it('never dates a stored state after its arrival, whatever the source’s clock says', () => {
    const i = ingest(T0);
    i.fold({ ...hello, instruments: [market('A')] }, T0);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(1, T0 + 600_000) }, T0);
    expect(i.figures(T0).storedDataAt).toBe(T0);
    // Served again at the next reconnect: the same state, no younger.
    i.fold(
      { op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(1, T0 + 600_000) },
      T0 + 5_000,
    );
    expect(i.figures(T0 + 5_000).storedDataAt).toBe(T0);
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

describe('Ingest health figures', () => {
  function ingestWithGaps(now: number) {
    const m = new Metrics();
    metrics.push(m);
    const heard: string[][] = [];
    const i = new Ingest(m, new PendingRequests(), (ids) => heard.push([...ids]), now);
    i.fold({ ...hello, instruments: [market('A'), market('B')] }, now);
    for (const id of ['A', 'B'])
      i.fold({ op: 'snapshot', instrument: id, seq: 1, state: marketSnapshot(100) }, now);
    return { i, heard };
  }

  it('counts each gap of a frame, tells the engine which instruments broke, and ages the last tick', () => {
    const { i, heard } = ingestWithGaps(T0);
    expect(i.figures(T0).lastTickAgeMs).toBeNull();
    i.fold({ op: 'ticks', ticks: [trade('A', 3, 101), trade('B', 5, 101)] }, T0 + 10);
    expect(heard).toEqual([['A', 'B']]);
    i.fold({ op: 'ticks', ticks: [trade('A', 2, 101)] }, T0 + 20);
    expect(i.figures(T0 + 25)).toMatchObject({ gaps: 2, ticksTotal: 3 });
    // Nothing of the gapped frames was folded: the last tick is none of theirs.
    expect(i.figures(T0 + 25).lastTickAgeMs).toBeNull();
  });

  it('ages the last tick from its local arrival and ignores ticks of unknown instruments', () => {
    const { i } = ingestWithGaps(T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 2, 101)] }, T0 + 10);
    i.fold({ op: 'ticks', ticks: [trade('Z', 1, 101)] }, T0 + 500);
    expect(i.figures(T0 + 1_000)).toMatchObject({ lastTickAgeMs: 990, lastDataAt: T0 + 10 });
  });

  it('counts a lost instrument once, by reason, and only if the feed announced it', () => {
    const { i, heard } = ingestWithGaps(T0);
    const version = i.healthVersion;
    i.lost(
      [
        { instrument: 'A', reason: 'checksum' },
        { instrument: 'B', reason: 'checksum' },
        { instrument: 'Z', reason: 'gap' },
      ],
      T0 + 1,
    );
    i.lost([{ instrument: 'A', reason: 'checksum' }], T0 + 2);
    expect(i.figures(T0 + 3)).toMatchObject({ checksumMismatches: 2, gaps: 0 });
    expect(heard).toEqual([['A', 'B']]);
    expect(i.healthVersion).toBe(version + 1);
  });

  it('counts a resync only for a snapshot that answers a gap', () => {
    const { i } = ingestWithGaps(T0);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 2, state: marketSnapshot(101) }, T0 + 1);
    expect(i.figures(T0 + 2).resyncs).toBe(0);
    i.fold({ op: 'ticks', ticks: [trade('A', 9, 101)] }, T0 + 3);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 9, state: marketSnapshot(101) }, T0 + 4);
    expect(i.figures(T0 + 5).resyncs).toBe(1);
  });

  it('counts data frames beyond one per batch as conflated, and ticks in the metrics', () => {
    let now = T0;
    const m = new Metrics(() => now);
    metrics.push(m);
    const i = new Ingest(m, new PendingRequests(), () => {}, T0);
    i.fold(hello, T0);
    for (let seq = 1; seq <= 4; seq++) i.fold({ op: 'ticks', ticks: [trade('A', seq, 100)] }, T0);
    i.batchesSent(0);
    expect(i.figures(T0).conflatedFrames).toBe(0);
    i.batchesSent(2);
    expect(i.figures(T0).conflatedFrames).toBe(3);
    i.batchesSent(1);
    expect(i.figures(T0).conflatedFrames).toBe(3);
    now = T0 + 1_000;
    // Batches are the engine's to count, once, not each source's (engine-sources.test.ts).
    expect(m.snapshot()).toMatchObject({ batchesPerSec: 0, ticksPerSec: 4 });
  });

  it('counts a frame folded in slices as one data frame, and all its ticks', () => {
    const m = new Metrics(() => T0);
    metrics.push(m);
    const i = new Ingest(m, new PendingRequests(), () => {}, T0);
    i.fold(hello, T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 1, 100), trade('A', 2, 100)] }, T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 3, 100)] }, T0, true);
    i.fold({ op: 'ticks', ticks: [trade('A', 4, 100)] }, T0);
    i.batchesSent(1);
    // Two frames in the batch, the second's ticks after the first's split: one conflated.
    expect(i.figures(T0).conflatedFrames).toBe(1);
    expect(i.figures(T0).ticksTotal).toBe(4);
  });

  it('shows a refused request nobody waits for, and cuts a long error to a bounded length', () => {
    const i = ingest(T0);
    const version = i.healthVersion;
    i.fold({ op: 'status', id: 3, ok: true }, T0);
    expect(i.figures(T0).lastError).toBeNull();
    i.fold(
      {
        op: 'status',
        id: 4,
        ok: false,
        error: { code: 'UNKNOWN_INSTRUMENT', message: 'no such id' },
      },
      T0,
    );
    expect(i.figures(T0).lastError).toBe('UNKNOWN_INSTRUMENT: no such id');
    expect(i.healthVersion).toBeGreaterThan(version);
    i.malformedFrame('x'.repeat(1_000));
    const error = i.figures(T0).lastError!;
    expect(error).toBe(`malformed frame skipped: ${'x'.repeat(300 - 25)}…`);
    i.setError('y'.repeat(300));
    expect(i.figures(T0).lastError).toBe('y'.repeat(300));
  });

  it('follows the replay position and drops the future of a seek', () => {
    const i = ingest(T0);
    const replay = {
      start: T0,
      end: T0 + 10_000,
      position: T0,
      playing: true,
      speed: 1,
      loop: false,
    };
    i.fold({ ...hello, replay }, T0);
    expect(i.replay).toEqual(replay);
    const epoch = i.state.epoch;
    i.fold({ op: 'replay', state: { ...replay, position: T0 + 5_000 } }, T0);
    expect([i.replay?.position, i.state.epoch]).toEqual([T0 + 5_000, epoch]);
    i.fold({ op: 'replay', state: { ...replay, position: T0 + 1_000 }, seeked: true }, T0);
    expect(i.state.epoch).toBe(epoch + 1);
    i.fold(hello, T0);
    expect(i.replay).toBeNull();
  });
});

describe('Ingest across sessions and frames', () => {
  it('forgets the old source on restart, and its health version rises (a fresh consumer holds -1)', () => {
    const i = ingest(T0);
    i.fold(hello, T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 1, 100)] }, T0);
    let version = i.healthVersion;
    i.restart(T0 + 1);
    expect(i.state.has('A')).toBe(false);
    expect(i.state.newestTickTs).toBeNull();
    expect(i.healthVersion).toBeGreaterThan(version);
    version = i.healthVersion;
    i.fold(hello, T0 + 2);
    expect(i.healthVersion).toBeGreaterThan(version);
    version = i.healthVersion;
    const replay = { start: T0, end: T0 + 1, position: T0, playing: true, speed: 1, loop: false };
    i.fold({ op: 'replay', state: replay }, T0 + 3);
    expect(i.healthVersion).toBeGreaterThan(version);
  });

  it('tells the engine of no gap when a frame folds cleanly', () => {
    const m = new Metrics();
    metrics.push(m);
    const heard: (readonly string[])[] = [];
    const i = new Ingest(m, new PendingRequests(), (ids) => heard.push(ids), T0);
    i.fold(hello, T0);
    i.fold({ op: 'ticks', ticks: [trade('A', 1, 100), trade('A', 2, 101)] }, T0);
    expect(heard).toEqual([]);
    expect(i.figures(T0).gaps).toBe(0);
  });

  it('counts a lost tail, told with its snapshot, as a gap and a resync that asks for nothing', () => {
    const m = new Metrics();
    metrics.push(m);
    const heard: [readonly string[], boolean][] = [];
    const i = new Ingest(
      m,
      new PendingRequests(),
      (ids, _at, repaired) => heard.push([ids, repaired]),
      T0,
    );
    i.fold(hello, T0);
    i.fold({ op: 'snapshot', instrument: 'A', seq: 1, state: marketSnapshot(100) }, T0);
    const version = i.healthVersion;
    i.fold(
      { op: 'snapshot', instrument: 'A', seq: 9, state: marketSnapshot(104), lostTail: true },
      T0,
    );
    i.fold(
      { op: 'snapshot', instrument: 'Z', seq: 3, state: marketSnapshot(1), lostTail: true },
      T0,
    );
    expect(heard).toEqual([[['A'], true]]);
    expect(i.figures(T0)).toMatchObject({ gaps: 1, resyncs: 1 });
    expect(i.healthVersion).toBeGreaterThan(version);
    expect(i.state.snapshots().find((s) => s.instrument === 'A')?.seq).toBe(9);
  });

  it('counts snapshot frames among the data frames a batch conflates', () => {
    const i = ingest(T0);
    i.fold(hello, T0);
    for (let seq = 1; seq <= 3; seq++)
      i.fold({ op: 'snapshot', instrument: 'A', seq, state: marketSnapshot(100) }, T0);
    i.fold({ op: 'heartbeat', ts: T0 }, T0);
    i.batchesSent(1);
    expect(i.figures(T0).conflatedFrames).toBe(2);
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

  it('shows a refused subscribe, unless it names instruments a restarted source no longer has', () => {
    const refused = {
      op: 'status',
      id: 1,
      ok: false,
      error: { code: 'UNKNOWN_INSTRUMENT', message: 'subscribe.instruments[1]: no instrument "B"' },
    } as const;
    const i = ingest(T0);
    i.fold({ ...hello, instruments: [market('A'), market('B')] }, T0);
    for (const id of ['A', 'B'])
      i.fold({ op: 'snapshot', instrument: id, seq: 1, state: marketSnapshot(100) }, T0);
    i.resumePoints(); // the connection drops and resumes A and B
    i.fold(refused, T0 + 1); // the source still has both: a fault
    expect(i.figures(T0 + 2).lastError).toMatch(/^UNKNOWN_INSTRUMENT/);
    i.restart(T0 + 3);
    i.fold({ ...hello, instruments: [market('A'), market('B')] }, T0 + 3);
    for (const id of ['A', 'B'])
      i.fold({ op: 'snapshot', instrument: id, seq: 1, state: marketSnapshot(100) }, T0 + 3);
    i.resumePoints();
    i.fold(hello, T0 + 4); // back with A alone
    i.fold(refused, T0 + 5);
    expect(i.figures(T0 + 6).lastError).toBeNull();
  });
});
