import { describe, expect, it } from 'vitest';
import type { MatchStatus, Tick } from '../../protocol/feed';
import type { AlertIndexSlot } from './alert-index-slot';
import { evaluatorWith } from '../../test-support/alert-evaluator';
import { ruleLine } from '../../test-support/alert-rules';

const trade = (instrument: string, seq: number, ts: number, price: number): Tick => ({
  instrument,
  seq,
  ts,
  kind: 'trade',
  price,
  size: 1,
  side: 'sell',
});

/** A feed that has every instrument. */
const ALL_KNOWN = { instrumentsVersion: 0, has: () => true };

describe('AlertEvaluator', () => {
  it('marks replayed alerts with the replay position', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME below 90', 'low')]);
    evaluator.onTick(trade('ACME', 1, 5_000, 89), true, 1);
    expect(events[0]).toMatchObject({
      tick: { instrument: 'ACME', seq: 1, ts: 5_000, value: 89 },
      replayPosition: 5_000,
      firedAt: 1_000,
    });
  });

  it('keeps a rule on an unknown instrument pending, then fires once it appears', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('LATER above 10', 'later')]);
    let known = false;
    expect(evaluator.allStates({ instrumentsVersion: 0, has: () => known })).toEqual({
      later: 'pending',
    });
    known = true;
    expect(evaluator.allStates({ instrumentsVersion: 0, has: () => known })).toEqual({
      later: 'armed',
    });
    evaluator.onTick(trade('LATER', 1, 0, 11), false, 1);
    expect(events.map((e) => e.rule.id)).toEqual(['later']);
    expect(evaluator.allStates({ instrumentsVersion: 0, has: () => known })).toEqual({
      later: 'fired',
    });
  });

  it('does not fire expired or disabled rules, and says so', () => {
    const { evaluator, events, setNow } = evaluatorWith([
      ruleLine('ACME above 1 expires 1s', 'soon', 0),
      ruleLine('ACME above 1 disabled', 'off'),
    ]);
    setNow(1_000);
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    expect(events).toEqual([]);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ soon: 'expired', off: 'disabled' });
  });

  it('sees no crossing from the old series to a new one (new source, replay seek)', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME crosses-down 95 every 0s', 'x')]);
    evaluator.onTick(trade('ACME', 1, 0, 100), false, 1);
    evaluator.onTick(trade('ACME', 1, 10, 90), false, 2);
    expect(events).toEqual([]);
    evaluator.onTick(trade('ACME', 2, 20, 96), false, 2);
    evaluator.onTick(trade('ACME', 3, 30, 94), false, 2);
    expect(events.map((e) => e.tick?.seq)).toEqual([3]);
  });

  it("takes no logged price of the old series into the new one's windows", () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME move-down-pct 5 10s', 'drop')]);
    // In ACME's log, not yet in its highs, when the series changes.
    for (let i = 0; i < 5; i++) evaluator.onTick(trade('ACME', i + 1, i, 110), false, 1);
    evaluator.onTick(trade('ACME', 1, 10, 100), false, 2);
    evaluator.onTick(trade('ACME', 2, 11, 99), false, 2);
    expect(events).toEqual([]);
    evaluator.onTick(trade('ACME', 3, 12, 94), false, 2);
    expect(events.map((e) => e.tick?.seq)).toEqual([3]);
  });

  it('reads a merged feed epoch only for ticks of instruments with rules, and starts a new series on it', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME crosses-down 95 every 0s', 'x')]);
    let reads = 0;
    let epoch = 1;
    const feed = {
      get historyEpoch() {
        reads++;
        return epoch;
      },
    };
    evaluator.onTickIn(trade('OTHER', 1, 0, 100), false, feed, null);
    expect(reads).toBe(0);
    evaluator.onTickIn(trade('ACME', 1, 0, 100), false, feed, null);
    epoch = 2;
    evaluator.onTickIn(trade('ACME', 1, 10, 90), false, feed, null);
    expect(events).toEqual([]);
    expect(reads).toBe(2);
    evaluator.onTickIn(trade('ACME', 2, 20, 96), false, feed, null);
    evaluator.onTickIn(trade('ACME', 3, 30, 94), false, feed, null);
    expect(events.map((e) => e.tick?.seq)).toEqual([3]);
  });
  it('fires disconnected-for once per outage, and stalled on entering a stall', () => {
    const { evaluator, events, setNow } = evaluatorWith([
      ruleLine('feed disconnected-for 30s every 0s', 'down'),
      ruleLine('feed stalled every 0s', 'stall'),
    ]);
    evaluator.feed.onState('live', 'sim');
    evaluator.feed.onState('stalled', 'sim');
    evaluator.feed.onState('stalled', 'sim');
    evaluator.feed.onState('reconnecting', 'sim');
    setNow(30_999);
    evaluator.feed.sweep();
    expect(events.map((e) => e.rule.id)).toEqual(['stall']);
    setNow(31_000);
    evaluator.feed.sweep();
    evaluator.feed.sweep();
    expect(events.map((e) => e.rule.id)).toEqual(['stall', 'down']);
    evaluator.feed.onState('live', 'sim');
    evaluator.feed.onState('reconnecting', 'sim');
    setNow(61_000);
    evaluator.feed.sweep();
    expect(events.map((e) => e.rule.id)).toEqual(['stall', 'down', 'down']);
  });

  it('watches each source on its own: one back does not end the outage of another still down', () => {
    const { evaluator, events, setNow } = evaluatorWith([
      ruleLine('feed disconnected-for 30s every 0s', 'down'),
      ruleLine('feed stalled every 0s', 'stall'),
    ]);
    evaluator.feed.onState('live', 'sim');
    evaluator.feed.onState('live', 'kraken');
    // The network drops: both stall, then reconnect; sim is back at once, kraken never.
    evaluator.feed.onState('stalled', 'sim');
    evaluator.feed.onState('stalled', 'kraken');
    expect(events.map((e) => e.rule.id)).toEqual(['stall', 'stall']);
    evaluator.feed.onState('reconnecting', 'sim');
    evaluator.feed.onState('reconnecting', 'kraken');
    setNow(2_000);
    evaluator.feed.onState('live', 'sim');
    evaluator.feed.onState('failed', 'kraken'); // refused for good: no state change after it
    setNow(31_000);
    evaluator.feed.sweep();
    expect(events.map((e) => e.rule.id)).toEqual(['stall', 'stall', 'down']);
    evaluator.feed.sweep();
    expect(events).toHaveLength(3); // once an outage
  });

  it('fires match status and red-card rules on their events only', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('match:m1 status kickoff', 'ko'),
      ruleLine('match:m1 status half-time', 'ht'),
      ruleLine('match:m1 red-card away', 'red'),
    ]);
    const base = { instrument: 'm1', ts: 0 };
    evaluator.onTick({ ...base, seq: 1, kind: 'status', status: 'live' }, false, 1);
    evaluator.onTick(
      { ...base, seq: 2, kind: 'incident', type: 'red-card', team: 'home', clockMs: 60_000 },
      false,
      1,
    );
    evaluator.onTick({ ...base, seq: 3, kind: 'status', status: 'halftime' }, false, 1);
    evaluator.onTick(
      { ...base, seq: 4, kind: 'incident', type: 'red-card', team: 'away', clockMs: 61_000 },
      false,
      1,
    );
    expect(events.map((e) => [e.rule.id, e.tick?.seq])).toEqual([
      ['ko', 1],
      ['ht', 3],
      ['red', 4],
    ]);
  });

  it('starts a match from its snapshot: the first goal seen fires, a joined second half is no kick-off', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('match:m1 goal every 0s', 'goal'),
      ruleLine('match:m1 status kickoff every 0s', 'ko'),
    ]);
    const snapshot = (status: MatchStatus, home: number) => ({
      kind: 'sports' as const,
      status,
      home,
      away: 0,
      clockMs: 2_700_000,
      running: false,
      odds: { home: 2, draw: 3, away: 4 },
      incidents: [],
      ts: 0,
    });
    // Joined at half-time, 0-0 (a feed's snapshot, as the engine applies it).
    evaluator.onSnapshotIn('m1', snapshot('halftime', 0), { historyEpoch: 1 });
    const base = { instrument: 'm1', ts: 1 };
    evaluator.onTick({ ...base, seq: 2, kind: 'status', status: 'live' }, false, 1);
    evaluator.onTick({ ...base, seq: 3, kind: 'score', home: 1, away: 0 }, false, 1);
    // Before: the second half read as a kick-off, and the first goal seen fired nothing.
    expect(events.map((e) => [e.rule.id, e.tick?.seq])).toEqual([['goal', 3]]);
    // A resync's snapshot at 1-0 carries on from there.
    evaluator.onSnapshotIn('m1', snapshot('live', 1), { historyEpoch: 1 });
    evaluator.onTick({ ...base, seq: 9, kind: 'score', home: 2, away: 0 }, false, 1);
    expect(events.map((e) => e.tick?.seq)).toEqual([3, 9]);
  });

  it("crosses from a snapshot's last trade to the first trade after it", () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('ACME crosses-up 10 every 0s', 'acme'),
      ruleLine('BOLT crosses-up 10 every 0s', 'bolt'),
    ]);
    const snapshot = (last: number, trades: number) => ({
      kind: 'market' as const,
      ...{ bid: 9, ask: 9.1, bidSize: 1, askSize: 1, open: last, high: last, low: last },
      ...{ last, lastSize: 1, volume: 1, trades, ts: 0 },
    });
    evaluator.onSnapshotIn('ACME', snapshot(9, 5), { historyEpoch: 1 });
    // BOLT has not traded: its `last` was made by no trade, so nothing was crossed from it.
    evaluator.onSnapshotIn('BOLT', snapshot(0, 0), { historyEpoch: 1 });
    evaluator.onTick(trade('ACME', 6, 1, 11), false, 1);
    evaluator.onTick(trade('BOLT', 1, 1, 11), false, 1);
    // Before: a quiet instrument's first trade after joining crossed nothing.
    expect(events.map((e) => e.rule.id)).toEqual(['acme']);
  });

  it('fires suspended and called-off rules, and no kick-off when play resumes', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('match:m1 status kickoff every 0s', 'ko'),
      ruleLine('match:m1 status suspended every 0s', 'sus'),
      ruleLine('match:m1 status called-off every 0s', 'off'),
    ]);
    const statuses = ['live', 'suspended', 'live', 'halftime', 'live', 'abandoned'] as const;
    statuses.forEach((status, i) =>
      evaluator.onTick({ instrument: 'm1', ts: i, seq: i + 1, kind: 'status', status }, false, 1),
    );
    // Before: play resuming after the suspension read as a second kick-off.
    expect(events.map((e) => [e.rule.id, e.tick?.seq])).toEqual([
      ['ko', 1],
      ['sus', 2],
      ['off', 6],
    ]);
  });

  it('keeps a fired once-rule fired when the rules are set again unchanged', () => {
    const r = ruleLine('ACME above 1', 'once');
    const { evaluator, events } = evaluatorWith([r]);
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    evaluator.setRules([r, ruleLine('ACME below 0', 'other')]);
    evaluator.onTick(trade('ACME', 2, 1, 6), false, 1);
    expect(events.length).toBe(1);
  });

  it('keeps a fired once-rule fired when only its note or expiry is edited', () => {
    const r = ruleLine('ACME above 1', 'once');
    const { evaluator, events } = evaluatorWith([r]);
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    evaluator.setRules([{ ...r, note: 'take profit', expiresAt: 9_999_999 }]);
    evaluator.onTick(trade('ACME', 2, 1, 6), false, 1);
    expect(events.length).toBe(1);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ once: 'fired' });
  });

  it('keeps an every-rule cooldown running through a note edit, and reports the new note', () => {
    const r = ruleLine('ACME above 1 every 10s', 'often');
    const { evaluator, events } = evaluatorWith([r]);
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    evaluator.setRules([{ ...r, note: 'watch' }]);
    evaluator.onTick(trade('ACME', 2, 5_000, 6), false, 1);
    expect(events.length).toBe(1);
    evaluator.onTick(trade('ACME', 3, 10_000, 6), false, 1);
    expect(events.map((e) => e.rule.note)).toEqual(['', 'watch']);
  });

  it('re-arms a fired once-rule whose condition is edited, or that is disabled and enabled again', () => {
    const r = ruleLine('ACME above 1', 'once');
    const { evaluator, events } = evaluatorWith([r]);
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    const edited = ruleLine('ACME above 2', 'once');
    evaluator.setRules([edited]);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ once: 'armed' });
    evaluator.onTick(trade('ACME', 2, 1, 6), false, 1);
    evaluator.setRules([{ ...edited, enabled: false }]);
    evaluator.onTick(trade('ACME', 3, 2, 7), false, 1);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ once: 'disabled' });
    evaluator.setRules([edited]);
    evaluator.onTick(trade('ACME', 4, 3, 8), false, 1);
    expect(events.map((e) => e.tick?.seq)).toEqual([1, 2, 4]);
  });

  it('starts a once-rule saved as fired fired, until an edit re-arms it', () => {
    const r = { ...ruleLine('ACME above 1', 'once'), firedAt: 500 };
    const { evaluator, events } = evaluatorWith([r]);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ once: 'fired' });
    evaluator.onTick(trade('ACME', 1, 0, 5), false, 1);
    expect(events).toEqual([]);
    evaluator.setRules([{ ...r, note: 'tidy' }]);
    evaluator.onTick(trade('ACME', 2, 1, 6), false, 1);
    expect(events).toEqual([]);
    // Enabled again: re-armed even if the list it came in still said when it fired.
    evaluator.setRules([{ ...r, enabled: false }]);
    evaluator.setRules([r]);
    expect(evaluator.allStates(ALL_KNOWN)).toEqual({ once: 'armed' });
    evaluator.onTick(trade('ACME', 3, 2, 7), false, 1);
    expect(events.map((e) => e.tick?.seq)).toEqual([3]);
  });

  it('keeps the windows of an instrument whose rules only had a note edited', () => {
    const r = ruleLine('ACME move-down-pct 5 10s every 0s', 'drop');
    const { evaluator, events } = evaluatorWith([r]);
    evaluator.onTick(trade('ACME', 1, 0, 100), false, 1);
    evaluator.setRules([{ ...r, note: 'crash' }]);
    evaluator.onTick(trade('ACME', 2, 1_000, 94), false, 1);
    expect(events.map((e) => e.tick?.seq)).toEqual([2]);
  });

  it('fires an every-rule whose condition holds again at the end of each cooldown, and at once in a new series', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME above 1 every 10s', 'hold')]);
    for (let ts = 0; ts <= 25_000; ts += 1_000)
      evaluator.onTick(trade('ACME', ts, ts, 5), false, 1);
    expect(events.map((e) => e.tick?.ts)).toEqual([0, 10_000, 20_000]);
    evaluator.onTick(trade('ACME', 1, 21_000, 5), false, 2);
    expect(events.map((e) => e.tick?.ts)).toEqual([0, 10_000, 20_000, 21_000]);
  });

  it('re-arms each cooling every-rule at its own time, also after another re-armed without firing', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('ACME above 10 every 10s', 'high'),
      ruleLine('ACME above 1 every 15s', 'low'),
    ]);
    evaluator.onTick(trade('ACME', 0, 0, 20), false, 1);
    // From here `high` no longer holds: back in the index at 10 s, it stays quiet.
    for (let ts = 1_000; ts <= 31_000; ts += 1_000)
      evaluator.onTick(trade('ACME', ts, ts, 5), false, 1);
    const fired = (id: string) => events.filter((e) => e.rule.id === id).map((e) => e.tick?.ts);
    expect(fired('high')).toEqual([0]);
    expect(fired('low')).toEqual([0, 15_000, 30_000]);
  });

  it('treats a price exactly on a level as the grammar says: above and below strictly, a crossing on reaching it', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('ACME above 100 every 0s', 'over'),
      ruleLine('ACME below 100 every 0s', 'under'),
      ruleLine('ACME crosses-up 100 every 0s', 'up'),
      ruleLine('ACME crosses-down 100 every 0s', 'down'),
    ]);
    const prices = [99, 100, 100, 101, 100, 100, 99, 100.5];
    prices.forEach((p, i) => evaluator.onTick(trade('ACME', i + 1, i * 10, p), false, 1));
    expect(events.map((e) => `${e.tick?.seq}:${e.rule.id}`)).toEqual([
      '1:under',
      '2:up',
      '4:over',
      '5:down',
      '7:under',
      '8:over',
      '8:up',
    ]);
  });

  it('fires a level rule added, or edited, while the price sat between the levels it knew', () => {
    const far = ruleLine('ACME above 110 every 0s', 'far');
    const { evaluator, events } = evaluatorWith([far]);
    evaluator.onTick(trade('ACME', 1, 0, 100), false, 1);
    evaluator.onTick(trade('ACME', 2, 10, 100.2), false, 1);
    evaluator.setRules([far, ruleLine('ACME crosses-up 100.5 once', 'near')]);
    evaluator.onTick(trade('ACME', 3, 20, 100.4), false, 1);
    evaluator.onTick(trade('ACME', 4, 30, 100.6), false, 1);
    expect(events.map((e) => `${e.tick?.seq}:${e.rule.id}`)).toEqual(['4:near']);
    evaluator.setRules([far, ruleLine('ACME below 100.7 once', 'near')]);
    evaluator.onTick(trade('ACME', 5, 40, 100.65), false, 1);
    evaluator.setRules([]);
    evaluator.onTick(trade('ACME', 6, 50, 120), false, 1);
    expect(events.map((e) => `${e.tick?.seq}:${e.rule.id}`)).toEqual(['4:near', '5:near']);
  });

  it('fires an every-rule at the end of a cooldown that an edit of another rule carried over', () => {
    const hold = ruleLine('ACME above 100 every 1s', 'hold');
    const { evaluator, events } = evaluatorWith([hold, ruleLine('ACME below 50 once', 'other')]);
    evaluator.onTick(trade('ACME', 1, 0, 101), false, 1);
    // Editing the other rule rebuilds the instrument's index; `hold` keeps its cooldown.
    evaluator.setRules([hold, ruleLine('ACME below 40 once', 'other')]);
    for (const [seq, ts] of [
      [2, 100],
      [3, 500],
      [4, 999],
      [5, 1_000],
      [6, 1_500],
    ])
      evaluator.onTick(trade('ACME', seq!, ts!, 101.5), false, 1);
    expect(events.map((e) => e.tick?.ts)).toEqual([0, 1_000]);
  });

  it("takes the index kept on the instrument's state only for the same rules, evaluator and id", () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME above 10 every 1s', 'a')]);
    const slot: AlertIndexSlot = {
      alertIndex: undefined,
      alertIndexId: null,
      alertIndexVersion: 0,
    };
    evaluator.onTick(trade('ACME', 1, 0, 11), false, 1, slot);
    expect(events.map((e) => e.rule.id)).toEqual(['a']);
    // A new rule list: the index kept for the old one would fire the deleted rule.
    evaluator.setRules([ruleLine('ACME below 5', 'b')]);
    evaluator.onTick(trade('ACME', 2, 5_000, 11), false, 1, slot);
    evaluator.onTick(trade('ACME', 3, 6_000, 4), false, 1, slot);
    expect(events.map((e) => e.rule.id)).toEqual(['a', 'b']);
    // The same state under another id (a second source joined: ids gain a prefix).
    evaluator.setRules([
      ruleLine('ACME below 5 every 1s', 'b'),
      { ...ruleLine('ACME below 5', 'c'), instrument: 'sim:ACME' },
    ]);
    evaluator.onTick(trade('sim:ACME', 4, 7_000, 3), false, 1, slot);
    expect(events.map((e) => e.rule.id)).toEqual(['a', 'b', 'c']);
    // Another evaluator never takes this one's index.
    const other = evaluatorWith([ruleLine('ACME below 5', 'd')]);
    other.evaluator.onTick(trade('sim:ACME', 5, 8_000, 3), false, 1, slot);
    expect(other.events).toEqual([]);
    other.evaluator.onTick(trade('ACME', 6, 9_000, 3), false, 1, slot);
    expect(other.events.map((e) => e.rule.id)).toEqual(['d']);
  });

  it('starts an instrument in the row another gave back with no price, band or window of its own', () => {
    const { evaluator, events } = evaluatorWith([
      ruleLine('ACME move-down-pct 5 10s', 'drop'),
      ruleLine('ACME crosses-up 100', 'up'),
    ]);
    evaluator.onTick(trade('ACME', 1, 0, 110), false, 1);
    // ACME leaves the list (its row is given back), then GAMMA is indexed in that row.
    const beta = ruleLine('BETA above 1000', 'beta');
    evaluator.setRules([beta]);
    evaluator.setRules([beta, ruleLine('GAMMA crosses-down 100 every 1s', 'down')]);
    // ACME's last price (110) and window high would make this a crossing and a 10 % drop.
    evaluator.onTick(trade('GAMMA', 1, 1, 99), false, 1);
    expect(events.map((e) => e.rule.id)).toEqual([]);
    evaluator.onTick(trade('GAMMA', 2, 2, 101), false, 1);
    evaluator.onTick(trade('GAMMA', 3, 3, 99), false, 1);
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(['down@3']);
  });

  it("starts a price in the log another gave back with none of the other's ticks", () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME move-down-pct 5 10s', 'acme')]);
    // ACME's highs hear of these only when its log is written out: they are in it at the end.
    for (let i = 0; i < 5; i++) evaluator.onTick(trade('ACME', i + 1, i, 110), false, 1);
    // ACME leaves the list (its row and log are given back), then GAMMA takes them.
    const beta = ruleLine('BETA above 1000', 'beta');
    evaluator.setRules([beta]);
    evaluator.setRules([beta, ruleLine('GAMMA move-down-pct 5 10s', 'drop')]);
    // With ACME's 110 in GAMMA's highs, 99 would be a 10 % fall.
    evaluator.onTick(trade('GAMMA', 1, 10, 100), false, 1);
    evaluator.onTick(trade('GAMMA', 2, 11, 99), false, 1);
    expect(events).toEqual([]);
    evaluator.onTick(trade('GAMMA', 3, 12, 94), false, 1);
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(['drop@12']);
  });

  it('starts an instrument in the row another gave back with no volume of its own', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME volume-above 5 10s', 'acme')]);
    for (let i = 0; i < 5; i++) evaluator.onTick(trade('ACME', i + 1, i, 100), false, 1);
    // ACME leaves the list (its row and volume ring are given back), then GAMMA takes the row.
    const beta = ruleLine('BETA above 1000', 'beta');
    evaluator.setRules([beta]);
    evaluator.setRules([beta, ruleLine('GAMMA volume-above 2 10s', 'vol')]);
    // With ACME's five trades still counted, GAMMA's first trade would pass 2.
    for (let i = 0; i < 3; i++) evaluator.onTick(trade('GAMMA', i + 1, 10 + i, 100), false, 1);
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(['vol@12']);
  });

  it('follows a volume ring that grew into a new place, trade after trade', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME volume-above 20 60s', 'vol')]);
    // 21 trades of 1 in the window outgrow the ring's first 16 entries; none may be lost.
    for (let i = 0; i < 21; i++) evaluator.onTick(trade('ACME', i + 1, i, 100), false, 1);
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(['vol@20']);
  });

  it('follows a window ring that grew into a new place, tick after tick', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME move-down-pct 50 60s', 'drop')]);
    // Falling prices all stay in the highs' deque: 20 entries outgrow its first ring of 16.
    for (let i = 0; i < 20; i++) evaluator.onTick(trade('ACME', i + 1, i, 100 - i), false, 1);
    evaluator.onTick(trade('ACME', 21, 20, 200), false, 1);
    evaluator.onTick(trade('ACME', 22, 21, 99), false, 1);
    expect(events.map((e) => `${e.rule.id}@${e.tick?.ts}`)).toEqual(['drop@21']);
  });
});

describe('AlertEvaluator: values as the feed quoted them', () => {
  const quote = (seq: number, bid: number, ask: number): Tick => ({
    instrument: 'ACME',
    seq,
    ts: seq,
    kind: 'quote',
    bid,
    ask,
    bidSize: 1,
    askSize: 1,
  });

  it('fires spread-above on the spread in the quote’s decimals, not its float noise', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME spread-above 0.69 every 0s', 's')]);
    // 77.76 - 77.07 is 0.6900000000000119 in binary floating point: a spread of exactly 0.69.
    evaluator.onTick(quote(1, 77.07, 77.76), false, 1);
    expect(events).toEqual([]);
    evaluator.onTick(quote(2, 77.52, 78.22), false, 1);
    expect(events.map((e) => e.tick?.value)).toEqual([0.7]);
  });

  it('reports a mid without float noise', () => {
    const { evaluator, events } = evaluatorWith([ruleLine('ACME above 10 on mid', 'm')]);
    // (10.1 + 10.2) / 2 is 10.149999999999999 in binary floating point.
    evaluator.onTick(quote(1, 10.1, 10.2), false, 1);
    expect(events.map((e) => e.tick?.value)).toEqual([10.15]);
  });
});
