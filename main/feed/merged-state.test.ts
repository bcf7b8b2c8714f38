import { describe, expect, it } from 'vitest';
import { market } from '../../test-support/engine-fixtures';
import { FeedState } from './feed-state';
import { MergedState } from './merged-state';

function state(...ids: string[]): FeedState {
  const s = new FeedState();
  s.setInstruments(ids.map(market));
  return s;
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
});
