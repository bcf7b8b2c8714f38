// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FramePaced } from './frame-paced.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FramePaced', () => {
  it('shows the newest value at the next animation frame, folding the ones no frame showed', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    const paced = new FramePaced<number[]>([], (unshown, next) => [...unshown, ...next]);
    paced.set([1]);
    paced.set([2]);
    expect(paced.shown).toEqual([]);
    expect(frames).toHaveLength(1);
    frames[0]!(0);
    expect(paced.shown).toEqual([1, 2]);
  });

  it('shows a value at once where the page draws no frames, and stops without one pending', () => {
    vi.stubGlobal('requestAnimationFrame', undefined);
    vi.stubGlobal('cancelAnimationFrame', undefined);
    const paced = new FramePaced(0);
    paced.set(3);
    expect(paced.shown).toBe(3);
    expect(() => paced.stop()).not.toThrow();
  });
});
