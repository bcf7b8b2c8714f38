/**
 * The indexed evaluator against a brute-force oracle: random tick streams and random rules,
 * and the two must fire exactly the same (tick, rule) pairs. The oracle rescans each rule's
 * whole history on every tick, the way the conditions are defined, with no index, deque or
 * running sum. Every tick counts, so crossings that would fall between two batches are in.
 * The evaluator runs two ways: on the ticks alone, and hooked into a fold as the engine runs
 * it (each tick with its instrument's fold state, frames of a few ticks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertCondition, AlertRule, PriceSource } from '../../protocol/alerts';
import type { Instrument, Tick } from '../../protocol/feed';
import { FeedState } from '../feed/feed-state';
import { AlertEvaluator } from './alert-evaluator';

const INSTRUMENTS = ['A', 'B', 'C'];
const MATCH = 'M';

function rise(low: number, v: number): number {
  return low > 0 ? ((v - low) / low) * 100 : 0;
}
function drop(high: number, v: number): number {
  return high > 0 ? ((high - v) / high) * 100 : 0;
}

interface Seen {
  readonly at: number;
  readonly tick: Tick;
}

/** Fires of every rule on every tick, by rescanning history: the definition, not the algorithm. */
function oracle(rules: readonly AlertRule[], ticks: readonly Tick[]): string[] {
  const fires: string[] = [];
  const history = new Map<string, Seen[]>();
  const clock = new Map<string, number>();
  const lastFired = new Map<string, number>();
  const doneOnce = new Set<string>();
  for (const [i, tick] of ticks.entries()) {
    const at = Math.max(clock.get(tick.instrument) ?? -Infinity, tick.ts);
    clock.set(tick.instrument, at);
    const past = history.get(tick.instrument) ?? [];
    past.push({ at, tick });
    history.set(tick.instrument, past);
    for (const rule of rules) {
      if (rule.instrument !== tick.instrument || !rule.enabled || doneOnce.has(rule.id)) continue;
      if (!holds(rule.condition, tick, past, at)) continue;
      const last = lastFired.get(rule.id);
      if (
        rule.trigger.mode === 'every' &&
        last !== undefined &&
        at - last < rule.trigger.cooldownMs
      )
        continue;
      if (rule.trigger.mode === 'once') doneOnce.add(rule.id);
      lastFired.set(rule.id, at);
      fires.push(`${i}:${rule.id}`);
    }
  }
  return fires.sort();
}

function priceOf(tick: Tick, source: PriceSource): number | null {
  if (source === 'last') return tick.kind === 'trade' ? tick.price : null;
  return tick.kind === 'quote' ? (tick.bid + tick.ask) / 2 : null;
}

function holds(c: AlertCondition, tick: Tick, past: readonly Seen[], at: number): boolean {
  const inWindow = (ms: number) => past.filter((s) => s.at >= at - ms);
  switch (c.type) {
    case 'above':
    case 'below':
    case 'crosses-up':
    case 'crosses-down': {
      const v = priceOf(tick, c.price);
      if (v === null) return false;
      const earlier = past.slice(0, -1).map((s) => priceOf(s.tick, c.price));
      const prev = earlier.filter((p) => p !== null).at(-1) ?? null;
      if (c.type === 'above') return v > c.level;
      if (c.type === 'below') return v < c.level;
      if (prev === null) return false;
      return c.type === 'crosses-up'
        ? prev < c.level && c.level <= v
        : v <= c.level && c.level < prev;
    }
    case 'move-up-pct':
    case 'move-down-pct': {
      const v = priceOf(tick, c.price);
      if (v === null) return false;
      const values = inWindow(c.windowMs)
        .map((s) => priceOf(s.tick, c.price))
        .filter((p) => p !== null);
      return c.type === 'move-up-pct'
        ? c.pct <= rise(Math.min(...values), v)
        : c.pct <= drop(Math.max(...values), v);
    }
    case 'spread-above':
      return tick.kind === 'quote' && c.value < tick.ask - tick.bid;
    case 'volume-above': {
      if (tick.kind !== 'trade') return false;
      let sum = 0;
      for (const s of inWindow(c.windowMs)) if (s.tick.kind === 'trade') sum += s.tick.size;
      return c.volume < sum;
    }
    case 'odds-move-pct': {
      if (tick.kind !== 'odds') return false;
      const values = inWindow(c.windowMs).flatMap((s) =>
        s.tick.kind === 'odds' ? [s.tick[c.outcome]] : [],
      );
      const v = tick[c.outcome];
      return c.pct <= Math.max(rise(Math.min(...values), v), drop(Math.max(...values), v));
    }
    case 'goal': {
      if (tick.kind !== 'score') return false;
      const before = past
        .slice(0, -1)
        .map((s) => s.tick)
        .filter((t) => t.kind === 'score')
        .at(-1);
      if (before === undefined || before.kind !== 'score') return false;
      const home = tick.home > before.home;
      const away = tick.away > before.away;
      return c.side === 'home' ? home : c.side === 'away' ? away : home || away;
    }
    default:
      return false;
  }
}

/**
 * Trade sizes and `volume-above` volumes: whole, or in tenths, whose sums round (0.1 + 0.2 >
 * 0.3), so a window's sum often equals a volume but for its rounding: the evaluator's sums must
 * add the sizes as the oracle does, oldest first, to the last bit.
 */
interface Volumes {
  readonly size: fc.Arbitrary<number>;
  readonly volume: fc.Arbitrary<number>;
}
const WHOLE: Volumes = {
  size: fc.integer({ min: 1, max: 50 }),
  volume: fc.integer({ min: 10, max: 300 }),
};
const TENTHS: Volumes = {
  size: fc.integer({ min: 1, max: 500 }).map((n) => n / 10),
  volume: fc.integer({ min: 100, max: 3_000 }).map((n) => n / 10),
};

/** A random walk of quotes and trades per instrument, with time that mostly rises. */
const marketTicks = (volumes: Volumes) =>
  fc
    .array(
      fc.record({
        instrument: fc.constantFrom(...INSTRUMENTS),
        kind: fc.constantFrom('quote', 'trade'),
        step: fc.integer({ min: -3, max: 3 }),
        spread: fc.integer({ min: 1, max: 5 }),
        size: volumes.size,
        // Round steps, so ticks often sit exactly on a window's edge; -150 sends time backwards.
        dt: fc.constantFrom(0, 50, 100, 250, 500, -150),
      }),
      { minLength: 1, maxLength: 300 },
    )
    .map((steps) => {
      const price = new Map(INSTRUMENTS.map((id) => [id, 100]));
      const seq = new Map<string, number>();
      let ts = 1_000_000;
      return steps.map((s): Tick => {
        ts += s.dt;
        const p = Math.max(1, (price.get(s.instrument) as number) + s.step);
        price.set(s.instrument, p);
        const n = (seq.get(s.instrument) ?? 0) + 1;
        seq.set(s.instrument, n);
        const base = { instrument: s.instrument, seq: n, ts };
        return s.kind === 'trade'
          ? { ...base, kind: 'trade', price: p, size: s.size, side: 'buy' }
          : { ...base, kind: 'quote', bid: p, ask: p + s.spread / 2, bidSize: 1, askSize: 1 };
      });
    });

const matchTicks = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('odds' as const), h: fc.integer({ min: 110, max: 900 }) }),
      fc.record({ kind: fc.constant('score' as const), side: fc.constantFrom('home', 'away') }),
    ),
    { maxLength: 60 },
  )
  .map((steps) => {
    let home = 0;
    let away = 0;
    return steps.map((s, i): Tick => {
      const base = { instrument: MATCH, seq: i + 1, ts: 1_000_000 + i * 300 };
      if (s.kind === 'odds')
        return { ...base, kind: 'odds', home: s.h / 100, draw: 3.2, away: 1000 / s.h };
      if (s.side === 'home') home++;
      else away++;
      return { ...base, kind: 'score', home, away };
    });
  });

const windowMs = fc.constantFrom(100, 500, 1_000, 3_000);
const price = fc.constantFrom('last' as const, 'mid' as const);
const condition = (volumes: Volumes): fc.Arbitrary<AlertCondition> =>
  fc.oneof(
    fc.record({
      type: fc.constantFrom(
        'above' as const,
        'below' as const,
        'crosses-up' as const,
        'crosses-down' as const,
      ),
      // Whole and half levels near the walks' start (100), so crossings are common; drawn from
      // the property's own seed, so every run is the same.
      level: fc
        .tuple(fc.integer({ min: 94, max: 106 }), fc.constantFrom(0, 0.5))
        .map(([n, half]) => n + half),
      price,
    }),
    fc.record({
      type: fc.constantFrom('move-up-pct' as const, 'move-down-pct' as const),
      pct: fc.constantFrom(0.5, 1, 2, 5, 10),
      windowMs,
      price,
    }),
    fc.record({ type: fc.constant('spread-above' as const), value: fc.constantFrom(0.5, 1, 2) }),
    fc.record({
      type: fc.constant('volume-above' as const),
      volume: volumes.volume,
      windowMs,
    }),
  );
const matchCondition: fc.Arbitrary<AlertCondition> = fc.oneof(
  fc.record({
    type: fc.constant('odds-move-pct' as const),
    outcome: fc.constantFrom('home' as const, 'draw' as const, 'away' as const),
    pct: fc.constantFrom(1, 5, 20),
    windowMs,
  }),
  fc.record({
    type: fc.constant('goal' as const),
    side: fc.constantFrom(null, 'home' as const, 'away' as const),
  }),
);

const rules = (volumes: Volumes) =>
  fc
    .array(
      fc.record({
        instrument: fc.constantFrom(...INSTRUMENTS, MATCH),
        market: condition(volumes),
        match: matchCondition,
        trigger: fc.oneof(
          fc.constant({ mode: 'once' as const }),
          fc.record({
            mode: fc.constant('every' as const),
            cooldownMs: fc.constantFrom(0, 200, 1_000),
          }),
        ),
        enabled: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
      }),
      { maxLength: 40 },
    )
    .map((list) =>
      list.map((r, i): AlertRule => ({
        id: `r${i}`,
        instrument: r.instrument,
        condition: r.instrument === MATCH ? r.match : r.market,
        trigger: r.trigger,
        expiresAt: null,
        note: '',
        enabled: r.enabled,
      })),
    );

/** How the evaluator is handed the ticks (see the file's summary). */
type Way = 'ticks' | 'fold';

const FOLD_INSTRUMENTS: readonly Instrument[] = [
  ...INSTRUMENTS.map((id): Instrument => ({ id, kind: 'market', name: id, tickSize: 0.5 })),
  { id: MATCH, kind: 'sports', name: MATCH, home: 'H', away: 'A' },
];
/** Ticks a frame in the folded way: a frame often holds an instrument more than once. */
const FRAME_TICKS = 7;

function evaluate(ruleList: readonly AlertRule[], ticks: readonly Tick[], way: Way = 'ticks') {
  const evaluator = new AlertEvaluator(() => 0);
  evaluator.setRules(ruleList);
  const fires: string[] = [];
  let index = 0;
  evaluator.onAlert((event) => fires.push(`${index}:${event.rule.id}`));
  if (way === 'ticks') {
    for (const [i, tick] of ticks.entries()) {
      index = i;
      evaluator.onTick(tick, false, 1);
    }
    return fires.sort();
  }
  const positions = new Map(ticks.map((tick, i) => [tick, i]));
  const state = new FeedState();
  state.setInstruments(FOLD_INSTRUMENTS);
  let evaluated = 0;
  state.onTickFolded = (tick, slot) => {
    index = positions.get(tick) as number;
    evaluated++;
    evaluator.onTick(tick, false, state.epoch, slot);
  };
  for (let at = 0; at < ticks.length; at += FRAME_TICKS)
    state.applyTicks(ticks.slice(at, at + FRAME_TICKS), () => {});
  // Every tick was folded and heard (none refused as a gap or an unknown instrument).
  expect(evaluated).toBe(ticks.length);
  return fires.sort();
}

/** Interleaves two tick streams by position, so matches and markets share a run. */
function merge(a: readonly Tick[], b: readonly Tick[]): Tick[] {
  const out: Tick[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x) out.push(x);
    if (y) out.push(y);
  }
  return out;
}

describe('AlertEvaluator against the brute-force oracle', () => {
  for (const [sizes, volumes] of [
    ['whole', WHOLE],
    ['tenths', TENTHS],
  ] as const)
    it(`fires exactly what the oracle fires, tick by tick, for random rules and streams (${sizes} sizes)`, () => {
      const firedTypes = new Set<string>();
      fc.assert(
        fc.property(rules(volumes), marketTicks(volumes), matchTicks, (ruleList, market, match) => {
          const ticks = merge(market, match);
          const expected = oracle(ruleList, ticks);
          expect(evaluate(ruleList, ticks)).toEqual(expected);
          expect(evaluate(ruleList, ticks, 'fold')).toEqual(expected);
          for (const fire of expected)
            firedTypes.add(ruleList[Number(fire.split(':r')[1])]!.condition.type);
        }),
        { numRuns: 300, seed: 16 },
      );
      // The comparison means something only if the runs made every kind of rule fire.
      expect([...firedTypes].sort()).toEqual(
        [
          'above',
          'below',
          'crosses-down',
          'crosses-up',
          'goal',
          'move-down-pct',
          'move-up-pct',
          'odds-move-pct',
          'spread-above',
          'volume-above',
        ].sort(),
      );
    });

  it('catches a crossing that reverses before the next batch', () => {
    const rule: AlertRule = {
      id: 'dip',
      instrument: 'A',
      condition: { type: 'crosses-down', level: 92.5, price: 'last' },
      trigger: { mode: 'once' },
      expiresAt: null,
      note: '',
      enabled: true,
    };
    const trade = (seq: number, ts: number, p: number): Tick => ({
      instrument: 'A',
      seq,
      ts,
      kind: 'trade',
      price: p,
      size: 1,
      side: 'sell',
    });
    // 5 ms below the level, then back: a 30 Hz batch would show 95 then 95.
    const ticks = [trade(1, 0, 95), trade(2, 10, 92), trade(3, 15, 95)];
    expect(evaluate([rule], ticks)).toEqual(['1:dip']);
    expect(oracle([rule], ticks)).toEqual(['1:dip']);
  });
});
