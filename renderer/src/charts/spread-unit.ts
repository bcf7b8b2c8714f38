/**
 * What the compare chart's spread line measures, by what is compared. One coin on two venues
 * (Kraken BTC/USD, Coinbase BTC-USD, Binance BTCUSDT: instrument-pair.ts): the second's price
 * over the first's, in basis points, the few bp a venue pair lies apart; USD, USDT and USDC
 * are taken at par, and the legend says so, since the stablecoin's premium is then part of
 * the spread. Two different instruments: their prices have nothing to do with each other
 * ("+18,800 bp" said only that one costs more), so the line is the difference of their moves
 * since the lines' common start, in percentage points, the gap between their two lines on the
 * % axis (bug 185).
 */
import { instrumentPair, pairMatch } from './instrument-pair';

/** `bp`: b over a, in basis points; `pp`: b's % move less a's, in percentage points. */
export type SpreadUnit = 'bp' | 'pp';

/** Basis points in one whole (1 bp = 0.01 %). */
export const BP_PER_UNIT = 10_000;

/**
 * The unit for a spread of instrument `b` over `a`: bp when both trade one base in one quote,
 * or in two that are dollars in practice (`BTC/USD`, `BTC-USD`, `BTCUSDT`), else pp.
 */
export function spreadUnit(a: string, b: string): SpreadUnit {
  return pairMatch(a, b) === null ? 'pp' : 'bp';
}

/**
 * The spread at prices `pa` and `pb`, in `unit`; `bases` are the prices at the lines' common
 * start (what 0 % means on the % axis), which a pp spread measures the moves from.
 */
export function spreadMeasure(
  unit: SpreadUnit,
  bases: readonly [number, number],
): (pa: number, pb: number) => number {
  if (unit === 'bp') return (pa, pb) => ((pb - pa) / pa) * BP_PER_UNIT;
  const [ba, bb] = bases;
  return (pa, pb) => (pb / bb - pa / ba) * 100;
}

/**
 * The spread's legend entry, naming what it measures, and the quotes it takes at par
 * ("spread binance:BTCUSDT − coinbase:BTC-USD (bp, 1 USDT taken as 1 USD)", bug 199).
 */
export function spreadLabel(unit: SpreadUnit, a: string, b: string): string {
  if (unit === 'pp') return `% move of ${b} − % move of ${a} (pp)`;
  const par =
    pairMatch(a, b) === 'par'
      ? `, 1 ${instrumentPair(b).quote} taken as 1 ${instrumentPair(a).quote}`
      : '';
  return `spread ${b} − ${a} (bp${par})`;
}

/** A spread axis label in `unit`. */
export function formatSpread(unit: SpreadUnit, value: number): string {
  return unit === 'bp' ? formatBp(value) : formatPp(value);
}

/**
 * A bp label: signed, a tenth of a bp where a venue pair's few bp need it, whole bp grouped in
 * thousands from 100 up ("+50,200 bp", not "+50200.0 bp").
 */
export function formatBp(bp: number): string {
  return `${signedGrouped(bp, Math.abs(bp) >= 100 ? 0 : 1)} bp`;
}

/** A pp label: signed, two decimals as the % axis has ("+1.25 pp"). */
export function formatPp(pp: number): string {
  return `${signedGrouped(pp, 2)} pp`;
}

function signedGrouped(value: number, digits: number): string {
  const text = Math.abs(value).toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Signed as the watchlist's changes are (formatSigned): a true minus, none on a zero.
  const sign = Number(text.replace(/,/g, '')) === 0 ? '' : value > 0 ? '+' : '−';
  return `${sign}${text}`;
}
