// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { domWritesWaiting, FramePaced } from './frame-paced.svelte';

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

  it('says a DOM write waits for the next frame until that frame writes it, or it is stopped', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    const a = new FramePaced(0);
    const b = new FramePaced(0);
    expect(domWritesWaiting()).toBe(false);
    a.set(1);
    a.set(2); // folded into the write already waiting
    b.set(1);
    frames[0]!(0);
    expect(domWritesWaiting()).toBe(true); // b's is still to come
    b.stop();
    b.stop();
    expect(domWritesWaiting()).toBe(false);
  });
});
