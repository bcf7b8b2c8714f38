import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchPixelRatio } from './canvas-rows';

/** A screen whose pixel ratio the test sets, with `matchMedia` answering for it as a browser does. */
function fakeScreen(start: number) {
  const queries: { media: string; listeners: Set<() => void> }[] = [];
  vi.stubGlobal('devicePixelRatio', start);
  // jsdom has no matchMedia: this one answers as a browser does.
  vi.stubGlobal('matchMedia', (media: string) => {
    const listeners = new Set<() => void>();
    queries.push({ media, listeners });
    return {
      media,
      addEventListener: (_: string, f: () => void) => listeners.add(f),
      removeEventListener: (_: string, f: () => void) => listeners.delete(f),
    } as unknown as MediaQueryList;
  });
  return {
    queries,
    /** Moves the window to a screen of `ratio`: the query for the old ratio stops matching. */
    moveTo(ratio: number) {
      const old = `(resolution: ${window.devicePixelRatio}dppx)`;
      vi.stubGlobal('devicePixelRatio', ratio);
      for (const q of queries.filter((q) => q.media === old)) for (const f of q.listeners) f();
    },
    listening: () => queries.filter((q) => q.listeners.size > 0).map((q) => q.media),
  };
}

describe('watchPixelRatio', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('tells each change of the ratio, listening for the new ratio after each', () => {
    const screen = fakeScreen(1);
    const seen: number[] = [];
    const stop = watchPixelRatio((r) => seen.push(r));
    expect(screen.listening()).toEqual(['(resolution: 1dppx)']);
    screen.moveTo(2);
    expect(seen).toEqual([2]);
    expect(screen.listening()).toEqual(['(resolution: 2dppx)']);
    screen.moveTo(1.5);
    expect(seen).toEqual([2, 1.5]);
    stop();
    expect(screen.listening()).toEqual([]);
    screen.moveTo(3);
    expect(seen).toEqual([2, 1.5]);
  });
});
