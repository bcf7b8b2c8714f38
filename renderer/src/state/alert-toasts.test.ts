import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../../../protocol/alerts';
import { AlertToasts, MAX_TOASTS, TOAST_MS } from './alert-toasts.svelte';

afterEach(() => {
  vi.useRealTimers();
});

/** Alert `id` of rule `rule` (each its own rule unless given). */
const event = (id: number, rule = `r${id}`) => ({ id, rule: { id: rule } }) as AlertEvent;

describe('AlertToasts', () => {
  it('dismisses a toast by itself after TOAST_MS and keeps at most MAX_TOASTS', () => {
    vi.useFakeTimers();
    const toasts = new AlertToasts();
    for (let i = 1; i <= MAX_TOASTS + 2; i++) toasts.show(`k${i}`, event(i));
    expect(toasts.list.map((t) => t.event.id)).toEqual([7, 6, 5, 4, 3]);
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(toasts.list).toHaveLength(MAX_TOASTS);
    vi.advanceTimersByTime(1);
    expect(toasts.list).toEqual([]);
  });

  it('dismisses one toast by its key, and keeps those on screen when stopped', () => {
    vi.useFakeTimers();
    const toasts = new AlertToasts();
    toasts.show('a', event(1));
    toasts.show('b', event(2));
    toasts.dismiss('a');
    expect(toasts.list.map((t) => t.key)).toEqual(['b']);
    toasts.stop();
    vi.advanceTimersByTime(TOAST_MS);
    expect(toasts.list.map((t) => t.key)).toEqual(['b']);
  });

  it('counts a rule firing again on its one toast, so a flood of one rule leaves the others shown (bug 208)', () => {
    vi.useFakeTimers();
    const toasts = new AlertToasts();
    toasts.show('cross', event(1, 'cross'));
    vi.advanceTimersByTime(TOAST_MS / 2);
    for (let i = 2; i <= 40; i++) toasts.show(`flood${i}`, event(i, 'flood'));
    expect(toasts.list.map((t) => [t.key, t.event.id, t.count])).toEqual([
      ['flood2', 40, 39],
      ['cross', 1, 1],
    ]);
    // The crossing goes at its own time; the flood's toast stays its time from its newest.
    vi.advanceTimersByTime(TOAST_MS / 2);
    expect(toasts.list.map((t) => t.key)).toEqual(['flood2']);
    toasts.show('flood41', event(41, 'flood'));
    vi.advanceTimersByTime(TOAST_MS - 1);
    expect(toasts.list.map((t) => t.count)).toEqual([40]);
    vi.advanceTimersByTime(1);
    expect(toasts.list).toEqual([]);
  });
});
