import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../../../protocol/alerts';
import { AlertToasts, MAX_TOASTS, TOAST_MS } from './alert-toasts.svelte';

afterEach(() => {
  vi.useRealTimers();
});

const event = (id: number) => ({ id }) as AlertEvent;

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
});
