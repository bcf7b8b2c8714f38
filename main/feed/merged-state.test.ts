import { describe, expect, it } from 'vitest';
import { T0, market, match, trade } from '../../test-support/engine-fixtures';
import { FeedState } from './feed-state';
import { MergedState } from './merged-state';

function state(...ids: string[]): FeedState {
  const s = new FeedState();
  s.setInstruments(ids.map(market));
  return s;
}

/** Three trades of `id` inside one 50 ms series bucket: the bucket stays open until sealed. */
function tradeIn(s: FeedState, id: string): void {
  s.applyTicks(
    [1, 2, 3].map((seq) => trade(id, seq, 100 + seq, T0 + seq)),
    () => {},
  );
}

describe('MergedState', () => {
  it('never lowers a counter when a source leaves, so consumers always see the change', () => {
    const live = state('ACME');
    const replay = state('A');
    replay.clear(); // a busy source: its own counters are well above zero
    replay.setInstruments([market('A')]);
    const merged = new MergedState();
    merged.setParts([{ prefix: null, state: live }]);
    merged.setParts([
      { prefix: null, state: live },
      { prefix: 'replay', state: replay, ownHistory: true },
    ]);
    const before = {
      epoch: merged.epoch,
      history: merged.historyEpoch,
      version: merged.version,
      instruments: merged.instrumentsVersion,
    };
    merged.setParts([{ prefix: null, state: live }]);
    expect(merged.epoch).toBe(before.epoch); // no id was renamed: no consumer resets
    expect(merged.historyEpoch).toBeGreaterThan(before.history);
    expect(merged.version).toBeGreaterThan(before.version);
    expect(merged.instrumentsVersion).toBeGreaterThan(before.instruments);
    expect(merged.instruments.map((i) => i.id)).toEqual(['ACME']);
  });

  it("resets every consumer when ids are renamed, and a replay's history drop only restarts its own", () => {
    const live = state('ACME');
    const replay = state('A');
    const merged = new MergedState();
    merged.setParts([
      { prefix: null, state: live },
      { prefix: 'replay', state: replay, ownHistory: true },
    ]);
    const epoch = merged.epoch;
    const history = merged.historyEpoch;
    replay.seekTo(0);
    expect(merged.epoch).toBe(epoch);
    expect(merged.historyEpoch).toBe(history + 1);
    expect(merged.markets.has('replay:A')).toBe(true);
    live.seekTo(0);
    expect(merged.epoch).toBe(epoch + 1);
    merged.setParts([
      { prefix: 'sim', state: live },
      { prefix: 'replay', state: replay, ownHistory: true },
    ]);
    expect(merged.epoch).toBe(epoch + 2);
    expect(merged.markets.has('sim:ACME')).toBe(true);
  });

  it("shows one unprefixed source's own instruments, markets and matches", () => {
    const live = new FeedState();
    live.setInstruments([market('ACME'), match('CUP')]);
    const merged = new MergedState();
    merged.setParts([{ prefix: null, state: live }]);
    expect(merged.instruments).toBe(live.instruments);
    expect(merged.markets.get('ACME')).toBe(live.markets.get('ACME'));
    expect(merged.matches.get('CUP')).toBe(live.matches.get('CUP'));
    expect([merged.has('ACME'), merged.has('CUP'), merged.has('NOPE')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('qualifies every id by its source when there are several, markets and matches alike', () => {
    const sim = new FeedState();
    sim.setInstruments([market('ACME'), match('CUP')]);
    const kraken = state('BTC/USD');
    const merged = new MergedState();
    merged.setParts([
      { prefix: 'sim', state: sim },
      { prefix: 'kraken', state: kraken },
    ]);
    expect(merged.instruments).toEqual([
      { ...market('ACME'), id: 'sim:ACME' },
      { ...match('CUP'), id: 'sim:CUP' },
      { ...market('BTC/USD'), id: 'kraken:BTC/USD' },
    ]);
    expect([...merged.markets.keys()]).toEqual(['sim:ACME', 'kraken:BTC/USD']);
    expect(merged.markets.get('kraken:BTC/USD')).toBe(kraken.markets.get('BTC/USD'));
    expect([...merged.matches.keys()]).toEqual(['sim:CUP']);
    expect(merged.matches.get('sim:CUP')).toBe(sim.matches.get('CUP'));
    expect([merged.has('sim:CUP'), merged.has('CUP'), merged.has('ACME')]).toEqual([
      true,
      false,
      false,
    ]);
    // A single prefixed source keeps its prefix.
    merged.setParts([{ prefix: 'kraken', state: kraken }]);
    expect(merged.instruments.map((i) => i.id)).toEqual(['kraken:BTC/USD']);
  });

  it("rises by what each source adds, and follows a source's new instrument list", () => {
    const a = state('ACME');
    const b = state('BOLT');
    const merged = new MergedState();
    merged.setParts([
      { prefix: 'a', state: a },
      { prefix: 'b', state: b },
    ]);
    const version = merged.version;
    const instrumentsVersion = merged.instrumentsVersion;
    expect([...merged.markets.keys()]).toEqual(['a:ACME', 'b:BOLT']);
    const added = b.version;
    tradeIn(b, 'BOLT');
    expect(merged.version).toBe(version + (b.version - added));
    expect(merged.version).toBeGreaterThan(version);
    b.setInstruments([market('BOLT'), market('CRUX')]);
    expect(merged.instrumentsVersion).toBeGreaterThan(instrumentsVersion);
    expect([...merged.markets.keys()]).toEqual(['a:ACME', 'b:BOLT', 'b:CRUX']);
    expect(merged.instruments.map((i) => i.id)).toEqual(['a:ACME', 'b:BOLT', 'b:CRUX']);
  });

  it('counts the first set of sources as a new epoch, and a live source dropping history too', () => {
    const merged = new MergedState();
    expect(merged.epoch).toBe(0);
    const live = state('ACME');
    merged.setParts([{ prefix: null, state: live }]);
    expect(merged.epoch).toBe(1);
    const history = merged.historyEpoch;
    live.seekTo(0);
    expect(merged.epoch).toBe(2);
    expect(merged.historyEpoch).toBe(history + 1);
  });

  it('seals the open series of every source', () => {
    const a = state('ACME');
    const b = state('BOLT');
    tradeIn(a, 'ACME');
    tradeIn(b, 'BOLT');
    const merged = new MergedState();
    merged.setParts([
      { prefix: 'a', state: a },
      { prefix: 'b', state: b },
    ]);
    merged.sealSeries();
    expect([a.markets.get('ACME')!.bucketOpen, b.markets.get('BOLT')!.bucketOpen]).toEqual([
      false,
      false,
    ]);
  });

  it('rises by one when the sources are set, however busy they were, and forgets a source that left', () => {
    const sim = new FeedState();
    sim.setInstruments([market('ACME'), match('CUP')]);
    tradeIn(sim, 'ACME');
    const kraken = state('BTC/USD');
    const merged = new MergedState();
    merged.setParts([{ prefix: null, state: kraken }]);
    const version = merged.version;
    const instrumentsVersion = merged.instrumentsVersion;
    merged.setParts([
      { prefix: 'sim', state: sim },
      { prefix: 'kraken', state: kraken },
    ]);
    expect([merged.version, merged.instrumentsVersion]).toEqual([
      version + 1,
      instrumentsVersion + 1,
    ]);
    // Matches read first still follow the new sources.
    expect([...merged.matches.keys()]).toEqual(['sim:CUP']);
    merged.setParts([{ prefix: 'kraken', state: kraken }]);
    expect([...merged.matches.keys()]).toEqual([]);
    expect([...merged.markets.keys()]).toEqual(['kraken:BTC/USD']);
  });
});
