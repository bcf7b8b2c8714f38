/**
 * Indicator update cost per tick, at two history lengths: the incremental indicators
 * (renderer/src/charts/indicators.ts, followed over a bar ring by indicator-track.ts) must cost
 * the same per tick with 1k or 100k bars behind them. The target: 100k / 1k under 1.5.
 *
 * A tick rewrites the forming bar's close (as the series store does) and updates the track;
 * every 10th tick opens a new bar. Three indicators, as the dashboard bench carries: SMA 20,
 * Bollinger 20 × 2, RSI 14. Each history length is its own tinybench task in the same run, so
 * the ratio compares like with like on a loaded machine.
 *
 * Standalone: `npx tsx bench/indicators.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import type { IndicatorSpec } from '../protocol/chart-setup';
import { IndicatorTrack } from '../renderer/src/charts/indicator-track';
import { ColumnarRing } from '../shared/columnar-ring';
import { medianMs, printResults, type BenchResult } from './report';

const SPECS: IndicatorSpec[] = [
  { kind: 'sma', period: 20 },
  { kind: 'bollinger', period: 20, stdDev: 2 },
  { kind: 'rsi', period: 14 },
];
const BAR_MS = 1_000;
const TICKS_PER_BAR = 10;
const TICKS_PER_ITERATION = 1_000;

/** A ring of `bars` bars (a random walk) and a track caught up with it. */
function setup(bars: number) {
  const ring = new ColumnarRing(bars + 1_000_000, 6);
  let price = 100;
  let t = 0;
  for (let i = 0; i < bars; i++) {
    price += Math.sin(i * 0.37) * 0.05;
    ring.push((t += BAR_MS), price, price + 0.1, price - 0.1, price, 10);
  }
  const track = new IndicatorTrack(SPECS, BAR_MS, 1_000);
  track.update(ring);
  let tick = 0;
  return () => {
    for (let k = 0; k < TICKS_PER_ITERATION; k++, tick++) {
      price += ((tick * 7919) % 13) / 100 - 0.06;
      if (tick % TICKS_PER_BAR === 0) ring.push((t += BAR_MS), price, price, price, price, 1);
      else ring.setLast(4, price);
      track.update(ring);
    }
  };
}

export async function run(): Promise<BenchResult[]> {
  const bench = new Bench({ time: 1_500, warmupTime: 300 });
  bench.add('1k bars', setup(1_000)).add('100k bars', setup(100_000));
  await bench.run();
  const perTickNs = (name: string) => (medianMs(bench, name) / TICKS_PER_ITERATION) * 1e6;
  const short = perTickNs('1k bars');
  const long = perTickNs('100k bars');
  return [
    {
      name: 'indicator update per tick, 100k bars of history (3 indicators)',
      value: long,
      unit: 'ns',
      baseline: short,
      ratio: long / short,
      note: 'median of tinybench samples of 1,000 ticks; baseline = the same with 1k bars; ratio = 100k / 1k (target < 1.5)',
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Indicators', await run());
}
