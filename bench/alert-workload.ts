/**
 * The alerts benches' workload, one copy: 10,000 rules (a mix of every market condition,
 * `every 60s`) over 1,000 instruments, and seeded ticks at 200k ticks/s (70 % quotes), as tick
 * arrays or as the protocol's `ticks` frames.
 */
import type { AlertCondition, AlertRule } from '../protocol/alerts';
import type { Tick } from '../protocol/feed';
import { seededRandom } from './seeded-ticks';

export const INSTRUMENTS = 1_000;
export const RULES = 10_000;
export const TICKS_PER_SEC = 200_000;

export const INSTRUMENT_IDS: readonly string[] = Array.from(
  { length: INSTRUMENTS },
  (_, i) => `I${i}`,
);
const ids = INSTRUMENT_IDS;

export function makeRules(): AlertRule[] {
  const r = seededRandom(16);
  const out: AlertRule[] = [];
  for (let i = 0; i < RULES; i++) {
    const level = 95 + r() * 10;
    const windowMs = [5_000, 10_000, 60_000][i % 3] as number;
    const conditions: AlertCondition[] = [
      { type: 'above', level, price: 'last' },
      { type: 'below', level, price: 'mid' },
      { type: 'crosses-up', level, price: 'last' },
      { type: 'crosses-down', level, price: 'mid' },
      { type: 'move-down-pct', pct: 1 + r() * 9, windowMs, price: 'last' },
      { type: 'move-up-pct', pct: 1 + r() * 9, windowMs, price: 'mid' },
      { type: 'spread-above', value: 0.5 + r() },
      { type: 'volume-above', volume: 10_000 + r() * 50_000, windowMs },
    ];
    out.push({
      id: `r${i}`,
      instrument: ids[i % INSTRUMENTS] as string,
      condition: conditions[Math.floor(r() * conditions.length)] as AlertCondition,
      trigger: { mode: 'every', cooldownMs: 60_000 },
      expiresAt: null,
      note: '',
      enabled: true,
    });
  }
  return out;
}

export function makeTicks(count: number): Tick[] {
  const r = seededRandom(7);
  const price = new Float64Array(INSTRUMENTS).fill(100);
  const seq = new Uint32Array(INSTRUMENTS);
  const ticks: Tick[] = [];
  const t0 = 1_700_000_000_000;
  for (let n = 0; n < count; n++) {
    const i = Math.floor(r() * INSTRUMENTS);
    price[i] = Math.max(1, (price[i] as number) * (1 + (r() - 0.5) * 0.002));
    const p = Math.round((price[i] as number) * 100) / 100;
    const base = {
      instrument: ids[i] as string,
      seq: ++seq[i]!,
      ts: t0 + Math.floor((n * 1_000) / TICKS_PER_SEC),
    };
    ticks.push(
      r() < 0.3
        ? { ...base, kind: 'trade', price: p, size: 1 + Math.floor(r() * 500), side: 'buy' }
        : {
            ...base,
            kind: 'quote',
            bid: p,
            ask: p + 0.01 + Math.floor(r() * 100) / 100,
            bidSize: 100,
            askSize: 100,
          },
    );
  }
  return ticks;
}

/** The ticks as the simulator sends them: `ticks` frames of `frameTicks` each. */
export function toFrames(ticks: readonly Tick[], frameTicks: number): string[] {
  const frames: string[] = [];
  for (let at = 0; at < ticks.length; at += frameTicks)
    frames.push(JSON.stringify({ op: 'ticks', ticks: ticks.slice(at, at + frameTicks) }));
  return frames;
}
