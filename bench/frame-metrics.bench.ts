/**
 * The renderer's per-frame bookkeeping (renderer/src/state/frame-metrics.ts): every animation
 * frame records the frame, every drawn batch records a latency sample, and the scheduler
 * publishes a snapshot (fps and latency p50/p99) on `window.__tickdeckMetrics`. This runs on
 * the page's main thread 60 times a second, so it must cost next to nothing.
 *
 * Baseline in the same run: the snapshot as it was first written (two percentiles, each an
 * Array.from copy and a comparator sort of the 512 samples, every frame). tinybench, one second
 * of frames (60 frames, 30 drawn batches) per iteration.
 *
 * Standalone: `npx tsx bench/frame-metrics.bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { FrameMetrics, LATENCY_SAMPLES, percentile } from '../renderer/src/state/frame-metrics';
import { medianMs, printResults, type BenchResult } from './report';

const FRAMES_PER_S = 60;
const DRAWS_PER_S = 30;

/** The first implementation's snapshot, kept as the baseline. */
class SortEveryFrame {
  private readonly samples = new Float64Array(LATENCY_SAMPLES);
  private count = 0;
  private next = 0;
  recordDraw(nowMs: number, tickTs: number): void {
    this.samples[this.next] = Math.max(0, nowMs - tickTs);
    this.next = (this.next + 1) % LATENCY_SAMPLES;
    this.count = Math.min(LATENCY_SAMPLES, this.count + 1);
  }
  snapshot() {
    return {
      latencyP50Ms: percentile(this.samples, this.count, 0.5),
      latencyP99Ms: percentile(this.samples, this.count, 0.99),
    };
  }
}

/** One second of frames against `m`; the clock keeps moving across iterations. */
function second(m: {
  recordDraw(now: number, ts: number): void;
  snapshot(): { latencyP99Ms: number | null };
  recordFrame?(t: number): void;
}) {
  let t = 0;
  let sink = 0;
  return () => {
    for (let f = 0; f < FRAMES_PER_S; f++) {
      t += 1000 / FRAMES_PER_S;
      m.recordFrame?.(t);
      if (f % (FRAMES_PER_S / DRAWS_PER_S) === 0) m.recordDraw(t, t - 20 - (f % 7));
      sink += m.snapshot().latencyP99Ms ?? 0;
    }
    return sink;
  };
}

export async function run(): Promise<BenchResult[]> {
  const current = new FrameMetrics();
  const baseline = new SortEveryFrame();
  // Fill both windows first, as after the first 17 s of a session.
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    current.recordDraw(i + 30, i);
    baseline.recordDraw(i + 30, i);
  }
  const bench = new Bench({ time: 1_000, warmupTime: 200 });
  bench.add('current', second(current)).add('sort every frame', second(baseline));
  await bench.run();
  const perFrameUs = (name: string) => (medianMs(bench, name) / FRAMES_PER_S) * 1000;
  const value = perFrameUs('current');
  const base = perFrameUs('sort every frame');
  return [
    {
      name: 'renderer frame metrics: cost per animation frame',
      value,
      unit: 'µs',
      baseline: base,
      ratio: base / value,
      note: `median of tinybench samples, ${FRAMES_PER_S} frames/${DRAWS_PER_S} draws per iteration, 512-sample window; baseline = percentiles sorted twice every frame; ratio = baseline / value`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Renderer frame metrics', await run());
}
