import { describe, expect, it } from 'vitest';
import type { ReplayStatus } from '../../../protocol/health';
import { health, sourceHealth } from '../../../test-support/batches';
import {
  formatProgress,
  formatReplayTime,
  hasRange,
  rangeAt,
  rangePercent,
  shownReplay,
  speedLabel,
  speedOptions,
  timelineToTime,
} from './replay-view';

const START = new Date(2026, 10, 25, 14, 0, 0).getTime();
const status = (over: Partial<ReplayStatus> = {}): ReplayStatus => ({
  path: '/rec/2026-11-25_14-00-00',
  start: START,
  end: START + 180_000,
  position: START + 65_000,
  playing: true,
  speed: 1,
  loop: false,
  rangeFrom: START,
  rangeTo: START + 180_000,
  ...over,
});

describe('replay view', () => {
  it('labels speeds as multiples, and 0 as as fast as possible', () => {
    expect(speedLabel(0.25)).toBe('0.25×');
    expect(speedLabel(100)).toBe('100×');
    expect(speedLabel(0)).toBe('Max');
  });

  it('offers 0.25× to 100× and Max, plus a speed set elsewhere in order', () => {
    expect(speedOptions(1)).toEqual([0.25, 0.5, 1, 2, 5, 10, 25, 100, 0]);
    expect(speedOptions(3)).toEqual([0.25, 0.5, 1, 2, 3, 5, 10, 25, 100, 0]);
  });

  it('shows recorded time of day with tenths, and progress through the recording', () => {
    expect(formatReplayTime(START + 65_400)).toBe('14:01:05.4');
    expect(formatProgress(status())).toBe('1:05 / 3:00');
    expect(formatProgress(status(), START + 5_000)).toBe('0:05 / 3:00');
  });

  it('maps timeline offsets to recorded time, clamped into the recording', () => {
    expect(timelineToTime(status(), 30_000)).toBe(START + 30_000);
    expect(timelineToTime(status(), -5)).toBe(START);
    expect(timelineToTime(status(), 1e9)).toBe(START + 180_000);
  });

  it("takes the slider's last step as the end, which is not on a step (bug 170)", () => {
    const s = status({ end: START + 12_734 });
    // The furthest a slider of step 100 and max 12,734 goes is 12,700.
    expect(timelineToTime(s, 12_700)).toBe(START + 12_734);
    expect(timelineToTime(s, 12_600)).toBe(START + 12_600);
  });

  it('sets a range end at the position, always leaving a valid range', () => {
    const s = status();
    expect(rangeAt(s, 'from')).toEqual({ from: START + 65_000, to: START + 180_000 });
    expect(rangeAt(s, 'to')).toEqual({ from: START, to: START + 65_000 });
    // "from" past the current "to": "to" moves to the end of the recording.
    expect(rangeAt(status({ rangeTo: START + 30_000 }), 'from')).toEqual({
      from: START + 65_000,
      to: START + 180_000,
    });
    // "to" at the very start still leaves 1 ms of range.
    expect(rangeAt(status({ position: START }), 'to')).toEqual({ from: START, to: START + 1 });
  });

  it('knows when a range is set and where to draw it', () => {
    expect(hasRange(status())).toBe(false);
    const ranged = status({ rangeFrom: START + 18_000, rangeTo: START + 90_000 });
    expect(hasRange(ranged)).toBe(true);
    expect(rangePercent(ranged)).toEqual({ left: 10, width: 40 });
  });

  it("speaks for the replay opened here, else a source's replay server, over its whole span (bug 232)", () => {
    const { path: _p, rangeFrom: _f, rangeTo: _t, ...info } = status();
    const server = { kind: 'replay', label: 'ws://127.0.0.1:8090' } as const;
    const alone = health({ source: server, replaying: info });
    expect(shownReplay(alone)).toEqual(status({ path: 'ws://127.0.0.1:8090' }));
    const beside = health({
      sources: [sourceHealth('sim'), sourceHealth('rec', { source: server, replaying: info })],
    });
    expect(shownReplay(beside)?.path).toBe('ws://127.0.0.1:8090');
    const opened = status({ path: '/rec/x', rangeFrom: START + 1 });
    expect(shownReplay(health({ ...beside, replay: opened }))).toBe(opened);
    expect(shownReplay(health())).toBeNull();
    expect(shownReplay(null)).toBeNull();
  });
});
