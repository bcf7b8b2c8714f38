/**
 * Validation of the `chartSetups` setting: every indicator parameter and price line is checked
 * against its bounds, and the error names the instrument, the entry and the field.
 */
import {
  BOLLINGER_STD_DEV_MAX,
  BOLLINGER_STD_DEV_MIN,
  INDICATOR_KINDS,
  INDICATOR_PERIOD_MAX,
  INDICATOR_PERIOD_MIN,
  MAX_CHART_SETUPS,
  MAX_INDICATORS_PER_CHART,
  MAX_PRICE_LINES_PER_CHART,
} from './chart-setup';
import type { Obj } from './decode-fields';
import { isObj } from './plain-object';

function checkKeys(o: Obj, allowed: readonly string[], where: string): string | null {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? null : `${where}: unknown field "${extra}"`;
}

function checkPeriod(v: unknown, where: string): string | null {
  return Number.isInteger(v) &&
    (v as number) >= INDICATOR_PERIOD_MIN &&
    (v as number) <= INDICATOR_PERIOD_MAX
    ? null
    : `${where}.period: expected a whole number from ${INDICATOR_PERIOD_MIN} to ${INDICATOR_PERIOD_MAX}`;
}

function checkIndicator(v: unknown, where: string): string | null {
  if (!isObj(v)) return `${where}: expected an object`;
  switch (v.kind) {
    case 'sma':
    case 'ema':
    case 'rsi':
      return checkKeys(v, ['kind', 'period'], where) ?? checkPeriod(v.period, where);
    case 'bollinger': {
      const sd = v.stdDev;
      return (
        checkKeys(v, ['kind', 'period', 'stdDev'], where) ??
        checkPeriod(v.period, where) ??
        (typeof sd === 'number' && sd >= BOLLINGER_STD_DEV_MIN && sd <= BOLLINGER_STD_DEV_MAX
          ? null
          : `${where}.stdDev: expected a number from ${BOLLINGER_STD_DEV_MIN} to ${BOLLINGER_STD_DEV_MAX}`)
      );
    }
    case 'vwap':
    case 'volume':
      return checkKeys(v, ['kind'], where);
    default:
      return `${where}.kind: expected one of ${INDICATOR_KINDS.join(', ')}`;
  }
}

function checkIndicators(v: unknown, where: string): string | null {
  if (!Array.isArray(v) || v.length > MAX_INDICATORS_PER_CHART)
    return `${where}: expected a list of at most ${MAX_INDICATORS_PER_CHART}`;
  for (let i = 0; i < v.length; i++) {
    const error = checkIndicator(v[i], `${where}[${i}]`);
    if (error) return error;
  }
  return null;
}

function checkSetup(v: unknown, where: string): string | null {
  if (!isObj(v)) return `${where}: expected an object`;
  const known = checkKeys(v, ['indicators', 'priceLines', 'priceIndicators'], where);
  if (known) return known;
  const { indicators, priceLines, priceIndicators } = v;
  const listError = checkIndicators(indicators, `${where}.indicators`);
  if (listError) return listError;
  if (priceIndicators !== undefined) {
    const error = checkIndicators(priceIndicators, `${where}.priceIndicators`);
    if (error) return error;
  }
  if (
    !Array.isArray(priceLines) ||
    priceLines.length > MAX_PRICE_LINES_PER_CHART ||
    !priceLines.every((p) => typeof p === 'number' && Number.isFinite(p))
  )
    return `${where}.priceLines: expected a list of at most ${MAX_PRICE_LINES_PER_CHART} finite prices`;
  return null;
}

/** Null when `v` is a valid `chartSetups` value, else a message naming the bad field. */
export function checkChartSetups(v: unknown): string | null {
  if (!isObj(v)) return 'chartSetups: expected an object keyed by instrument id';
  const ids = Object.keys(v);
  if (ids.length > MAX_CHART_SETUPS)
    return `chartSetups: expected at most ${MAX_CHART_SETUPS} instruments`;
  for (const id of ids) {
    if (id.length === 0 || id.length >= 100)
      return 'chartSetups: expected instrument ids of 1 to 99 characters';
    const error = checkSetup(v[id], `chartSetups: ${JSON.stringify(id)}`);
    if (error) return error;
  }
  return null;
}
