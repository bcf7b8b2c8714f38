/**
 * The whole-path alert benches' rules, one copy: rules of every market condition spread over a
 * live simulator's market instruments, `every 60s`, made either far from any price (evaluated
 * on every tick, never firing: bench/alert-toast.bench.ts, whose toasts must be its probes'
 * alone) or around each instrument's live price (bench/alerts-engine.bench.ts: levels and moves
 * 2–10 % away, as a user sets them, so a price's quiet band is as narrow as such rules make it;
 * a rule may fire, at most once a minute).
 */
import type { AlertCondition, AlertRule } from '../protocol/alerts';
import type { MarketSnapshotState } from '../protocol/feed';
import { TestClient } from '../test-support/capture-client';

/** A market instrument and its state when the rules were made. */
export interface LiveMarket {
  readonly id: string;
  /** Last trade price. */
  readonly price: number;
  readonly spread: number;
  readonly lastSize: number;
}

const WINDOWS_MS = [5_000, 10_000, 60_000] as const;
const COOLDOWN_MS = 60_000;
/** How long the simulator may take to send its hello and every market's snapshot. */
const SNAPSHOTS_TIMEOUT_MS = 15_000;

/** The simulator's market instruments, in its hello's order, with their snapshots' prices. */
export async function liveMarkets(simUrl: string): Promise<LiveMarket[]> {
  const client = await TestClient.connect(simUrl);
  try {
    const hello = await client.waitFor((r) => r.msg.op === 'hello', SNAPSHOTS_TIMEOUT_MS);
    const ids = (hello.msg.instruments as { id: string; kind: string }[])
      .filter((i) => i.kind === 'market')
      .map((i) => i.id);
    const states = new Map<string, MarketSnapshotState>();
    const from = client.frames.length;
    client.send({ op: 'subscribe', instruments: ids });
    await client.waitFor(
      (r) => {
        if (r.msg.op === 'snapshot') {
          const { instrument, state } = r.msg as unknown as {
            instrument: string;
            state: MarketSnapshotState;
          };
          if (state.kind === 'market') states.set(instrument, state);
        }
        return states.size === ids.length;
      },
      SNAPSHOTS_TIMEOUT_MS,
      from,
    );
    return ids.map((id) => {
      const s = states.get(id)!;
      return { id, price: s.last, spread: s.ask - s.bid, lastSize: s.lastSize };
    });
  } finally {
    await client.close();
  }
}

/** Thresholds no simulated price reaches: the rule is evaluated on every tick and never fires. */
function farConditions(n: number, windowMs: number): AlertCondition[] {
  return [
    { type: 'above', level: 1e9 + n, price: 'last' },
    { type: 'below', level: 1e-9, price: 'mid' },
    { type: 'crosses-up', level: 1e9 + n, price: 'last' },
    { type: 'crosses-down', level: 1e-9, price: 'mid' },
    { type: 'move-down-pct', pct: 99, windowMs, price: 'last' },
    { type: 'move-up-pct', pct: 1_000, windowMs, price: 'mid' },
    { type: 'spread-above', value: 1e9 },
    { type: 'volume-above', volume: 1e15, windowMs },
  ];
}

/** Thresholds `away` (a fraction, 0.02–0.1) from the market's price, spread and trade size. */
function nearConditions(m: LiveMarket, away: number, windowMs: number): AlertCondition[] {
  const tick = m.price * 1e-4;
  return [
    { type: 'above', level: m.price * (1 + away), price: 'last' },
    { type: 'below', level: m.price * (1 - away), price: 'mid' },
    { type: 'crosses-up', level: m.price * (1 + away), price: 'last' },
    { type: 'crosses-down', level: m.price * (1 - away), price: 'mid' },
    { type: 'move-down-pct', pct: away * 100, windowMs, price: 'last' },
    { type: 'move-up-pct', pct: away * 100, windowMs, price: 'mid' },
    { type: 'spread-above', value: Math.max(m.spread, tick) * (2 + away * 100) },
    // A thousand trades of the last size a second over the window: above a quiet market's volume.
    { type: 'volume-above', volume: Math.max(1, m.lastSize) * windowMs, windowMs },
  ];
}

/**
 * The `n`th rule of the mix, on `instrument`: far from any price (`around` null) or around the
 * live market `around`; its condition is the `kind`th of the eight types (modulo).
 */
export function mixRule(
  n: number,
  instrument: string,
  around: LiveMarket | null,
  kind = n,
): AlertRule {
  const windowMs = WINDOWS_MS[n % WINDOWS_MS.length]!;
  // 2–10 % away, spread over the rules by a stride prime to 1,000.
  const away = 0.02 + (0.08 * ((n * 7_919) % 1_000)) / 1_000;
  const conditions =
    around === null ? farConditions(n, windowMs) : nearConditions(around, away, windowMs);
  return {
    id: `q${n}`,
    instrument,
    condition: conditions[kind % conditions.length]!,
    trigger: { mode: 'every', cooldownMs: COOLDOWN_MS },
    expiresAt: null,
    note: '',
    enabled: true,
  };
}

/**
 * `count` rules of the mix around the markets' live prices, dealt over them in turn; each
 * round of the deal moves to the next condition type, so a market with eight rules or more has
 * every type.
 */
export function rulesAround(markets: readonly LiveMarket[], count: number): AlertRule[] {
  return Array.from({ length: count }, (_, n) => {
    const m = markets[n % markets.length]!;
    return mixRule(n, m.id, m, n + Math.floor(n / markets.length));
  });
}
