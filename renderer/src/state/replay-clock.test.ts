import { describe, expect, it } from 'vitest';
import type { ReplayStatus } from '../../../protocol/health';
import { MAX_EXTRAPOLATION_MS, anchorReport, positionAt } from './replay-clock';

const STATUS: ReplayStatus = {
  path: '/rec',
  start: 0,
  end: 600_000,
  position: 100_000,
  playing: true,
  speed: 100,
  loop: false,
  rangeFrom: 0,
  rangeTo: 600_000,
};

describe('replay position between reports', () => {
  it('moves on at the replay speed every frame, not in the steps of the reports', () => {
    const anchor = anchorReport(STATUS, 1_000, null);
    expect(positionAt(STATUS, anchor, 1_000)).toBe(100_000);
    expect(positionAt(STATUS, anchor, 1_016)).toBe(101_600);
    expect(positionAt(STATUS, anchor, 1_100)).toBe(110_000);
  });

  it('stands still when paused, and stops at the range end and after a stalled second', () => {
    const anchor = anchorReport(STATUS, 0, null);
    expect(positionAt({ ...STATUS, playing: false }, anchor, 500)).toBe(100_000);
    expect(positionAt({ ...STATUS, rangeTo: 120_000 }, anchor, 500)).toBe(120_000);
    expect(positionAt(STATUS, anchor, 60_000)).toBe(100_000 + MAX_EXTRAPOLATION_MS * 100);
  });

  it('at Max speed moves on at the rate seen between the last two reports', () => {
    const max = { ...STATUS, speed: 0 };
    const first = anchorReport(max, 0, null);
    expect(positionAt(max, first, 100)).toBe(100_000); // no rate known yet
    const second = anchorReport({ ...max, position: 150_000 }, 250, first);
    expect(second.rate).toBe(200);
    expect(positionAt({ ...max, position: 150_000 }, second, 300)).toBe(160_000);
  });

  it('keeps moving on when the same report comes again with the health (bug 232)', () => {
    // A `--feed` replay server reports once a second; the page takes health four times a second.
    const at1x = { ...STATUS, speed: 1 };
    const first = anchorReport(at1x, 0, null);
    const again = anchorReport(at1x, 250, first);
    expect(positionAt(at1x, again, 500)).toBe(100_500); // not 100_250: back to the report at 250
    const resumed = anchorReport({ ...at1x, playing: false }, 600, again);
    expect(anchorReport(at1x, 900, resumed).atMs).toBe(900); // played again: a new report
  });
});
