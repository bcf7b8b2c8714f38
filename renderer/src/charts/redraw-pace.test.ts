import { describe, expect, it } from 'vitest';
import { RedrawPace } from './redraw-pace';

function paced(intervalMs: number) {
  let now = 1_000;
  const pace = new RedrawPace(intervalMs, () => now);
  return { pace, advance: (ms: number) => (now += ms) };
}

describe('RedrawPace', () => {
  it('lets the first redraw through, then at most one per interval', () => {
    const { pace, advance } = paced(250);
    expect(pace.take()).toBe(true);
    advance(249);
    expect(pace.take()).toBe(false);
    advance(1);
    expect(pace.take()).toBe(true);
    expect(pace.take()).toBe(false);
  });

  it('counts the interval from the redraw it let through, not from the ones it held back', () => {
    const { pace, advance } = paced(250);
    pace.take();
    for (let t = 0; t < 15; t++) {
      advance(16);
      pace.take();
    }
    advance(10); // 250 ms since the first redraw
    expect(pace.take()).toBe(true);
  });

  it('lets the next redraw through at once when released', () => {
    const { pace, advance } = paced(1_000);
    pace.take();
    advance(16);
    pace.release();
    expect(pace.take()).toBe(true);
    expect(pace.take()).toBe(false);
  });
});
