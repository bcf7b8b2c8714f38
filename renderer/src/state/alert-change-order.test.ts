import { describe, expect, it } from 'vitest';
import type { AlertStatesChange } from '../../../protocol/alerts';
import { AlertChangeOrder, MAX_HELD_CHANGES } from './alert-change-order';

const change = (version: number): AlertStatesChange => ({
  version,
  states: {},
  put: [],
  removed: [],
  logCleared: false,
});

describe('AlertChangeOrder', () => {
  it('takes the next change, ignores one it holds already, and calls a skipped one a gap', () => {
    const order = new AlertChangeOrder();
    expect(order.place(change(1))).toBe('gap'); // no view yet
    order.applied(4);
    expect(order.place(change(4))).toBe('known');
    expect(order.place(change(5))).toBe('next');
    order.applied(5);
    expect(order.place(change(7))).toBe('gap');
  });

  it('holds changes while a view is on its way and releases them, in order, once none is', () => {
    const order = new AlertChangeOrder();
    const first = order.asked();
    const second = order.asked();
    expect(order.place(change(1))).toBe('held');
    expect(order.place(change(2))).toBe('held');
    expect(order.answered(first)).toBe(false); // an older view says less: not taken
    expect(order.released()).toEqual([]);
    expect(order.answered(second)).toBe(true);
    order.applied(0);
    expect(order.released().map((c) => c.version)).toEqual([1, 2]);
    expect(order.released()).toEqual([]);
  });

  it('holds at most MAX_HELD_CHANGES, dropping the oldest', () => {
    const order = new AlertChangeOrder();
    const fetch = order.asked();
    for (let v = 1; v <= MAX_HELD_CHANGES + 2; v++) order.place(change(v));
    order.answered(fetch);
    order.applied(0);
    const held = order.released();
    expect(held).toHaveLength(MAX_HELD_CHANGES);
    expect(held[0]!.version).toBe(3);
  });
});
