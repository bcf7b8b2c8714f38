import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameScheduler, type Drawable } from './scheduler';

const BUDGET_MS = 2;

/** A clock the charts' draws move on: both the budget's and tick to pixel's. */
let clockMs = 0;

/** A chart whose redraw takes `costMs`, dirty until drawn; it logs each draw. */
function chart(name: string, costMs: number, log: string[]) {
  const c = {
    dirty: false,
    element: {} as Element,
    draw(): boolean {
      if (!c.dirty) return false;
      c.dirty = false;
      clockMs += costMs;
      log.push(name);
      return true;
    },
  };
  return c;
}

function setUp(costsMs: number[]) {
  const log: string[] = [];
  const scheduler = new FrameScheduler(BUDGET_MS, () => clockMs);
  const charts = costsMs.map((cost, i) => chart(`c${i}`, cost, log));
  for (const c of charts) scheduler.register(c satisfies Drawable);
  /** A batch changes every chart; its newest tick is `tickTs`. */
  const batch = (tickTs: number) => {
    for (const c of charts) c.dirty = true;
    scheduler.batchArrived(tickTs);
  };
  /** One animation frame, starting at `atMs`; returns the charts it drew. */
  const frame = (atMs: number) => {
    clockMs = atMs;
    log.length = 0;
    scheduler.drawNow();
    return [...log];
  };
  return { scheduler, charts, batch, frame };
}

beforeEach(() => {
  vi.stubGlobal('document', { hidden: false });
  vi.spyOn(Date, 'now').mockImplementation(() => clockMs);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('FrameScheduler: a batch drawn over its frames', () => {
  it('draws a lone chart in the batch’s first frame, however long it takes', () => {
    const { scheduler, batch, frame } = setUp([10]);
    batch(1_000);
    expect(frame(1_005)).toEqual(['c0']);
    expect(scheduler.metrics.snapshot(1_015)).toMatchObject({ frames: 1, latencyP99Ms: 15 });
  });

  it('leaves the charts past the budget for the next frame, and draws them first there', () => {
    const { batch, frame } = setUp([1.5, 1.5, 1.5, 1.5]);
    batch(1_000);
    expect(frame(1_010)).toEqual(['c0', 'c1']);
    batch(1_012);
    expect(frame(1_026)).toEqual(['c2', 'c3']);
    expect(frame(1_042)).toEqual(['c0', 'c1']);
  });

  it('draws every changed chart in one frame while the budget lasts', () => {
    const { batch, frame } = setUp([0.5, 0.5, 0.5]);
    batch(1_000);
    expect(frame(1_010)).toEqual(['c0', 'c1', 'c2']);
  });

  it('never leaves a chart waiting more than one frame, whatever each draw costs', () => {
    const { charts, batch, frame } = setUp([5, 5, 5, 5]);
    const lastDrawn = charts.map(() => 0);
    for (let f = 1; f <= 12; f++) {
      batch(f * 16);
      for (const name of frame(f * 16 + 1)) lastDrawn[Number(name.slice(1))] = f;
      for (const at of lastDrawn) expect(f - at).toBeLessThanOrEqual(1);
    }
  });

  it('takes tick to pixel when the batch’s last chart is drawn, not its first', () => {
    const { scheduler, batch, frame } = setUp([3, 3]);
    batch(1_000);
    expect(frame(1_010)).toEqual(['c0']);
    expect(scheduler.metrics.snapshot(1_013)).toMatchObject({ frames: 0, latencyP99Ms: null });
    expect(frame(1_026)).toEqual(['c1']);
    expect(scheduler.metrics.snapshot(1_029)).toMatchObject({ frames: 1, latencyP99Ms: 29 });
  });

  it('ends a carried batch in the next frame even when a newer batch is still drawing', () => {
    const { scheduler, batch, frame } = setUp([3, 3]);
    batch(1_000);
    frame(1_010);
    batch(1_012);
    expect(frame(1_026)).toEqual(['c1']); // the first batch's last chart: 29 ms after its tick
    expect(frame(1_042)).toEqual(['c0']); // the second's: 33 ms after its tick
    expect(scheduler.metrics.snapshot(1_045)).toMatchObject({
      frames: 2,
      latencyP50Ms: 29,
      latencyP99Ms: 33,
    });
  });

  it('takes the newer batch’s tick when one frame ends both', () => {
    const { scheduler, charts, batch, frame } = setUp([3, 0.5]);
    batch(1_000);
    frame(1_010);
    charts[0]!.dirty = true;
    scheduler.batchArrived(1_012);
    // c1 (left last frame) then c0: both batches end in this frame, every chart shows the newer.
    expect(frame(1_026)).toEqual(['c1', 'c0']);
    expect(scheduler.metrics.snapshot(1_030)).toMatchObject({ frames: 1, latencyP99Ms: 17.5 });
  });
});
