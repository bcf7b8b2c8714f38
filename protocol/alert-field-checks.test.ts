import { describe, expect, it } from 'vitest';
import { checkNumber, checkWindow, show } from './alert-field-checks';
import { MAX_ALERT_WINDOW_MS } from './limits';

describe('checkNumber', () => {
  it('takes both bounds of a closed range and refuses just outside them', () => {
    expect(checkNumber('level', -5, -5, 5)).toBeNull();
    expect(checkNumber('level', 5, -5, 5)).toBeNull();
    expect(checkNumber('level', -5.5, -5, 5)).toBe(
      'level: expected at least -5 and at most 5, got -5.5',
    );
    expect(checkNumber('level', 5.5, -5, 5)).toBe(
      'level: expected at least -5 and at most 5, got 5.5',
    );
  });

  it('refuses the lower bound of an open range and takes the upper', () => {
    expect(checkNumber('pct', 0, 0, 100, true)).toBe(
      'pct: expected more than 0 and at most 100, got 0',
    );
    expect(checkNumber('pct', 0.001, 0, 100, true)).toBeNull();
    expect(checkNumber('pct', 100, 0, 100, true)).toBeNull();
  });

  it('refuses what is not a finite number, quoting it', () => {
    expect(checkNumber('level', '5', 0, 10)).toBe('level: expected a number, got "5"');
    expect(checkNumber('level', Infinity, 0, 10)).toBe('level: expected a number, got Infinity');
    expect(checkNumber('level', undefined, 0, 10)).toBe('level: expected a number, got undefined');
  });
});

describe('checkWindow', () => {
  it('takes whole milliseconds from 1 ms to the longest window', () => {
    expect(checkWindow('window', 1)).toBeNull();
    expect(checkWindow('window', MAX_ALERT_WINDOW_MS)).toBeNull();
    for (const bad of [0, -1, 1.5, MAX_ALERT_WINDOW_MS + 1])
      expect(checkWindow('window', bad)).toBe(
        `window: expected a window from 1ms to 1h, got ${bad}`,
      );
    expect(checkWindow('window', '10s')).toBe(
      'window: expected a window from 1ms to 1h, got "10s"',
    );
  });
});

describe('show', () => {
  it('quotes strings, cutting them after 40 characters', () => {
    expect(show('a'.repeat(40))).toBe(`"${'a'.repeat(40)}"`);
    expect(show('a'.repeat(41))).toBe(`"${'a'.repeat(40)}…"`);
  });

  it('writes numbers bare, null by name and anything else by its type', () => {
    expect(show(-2.5)).toBe('-2.5');
    expect(show(null)).toBe('null');
    expect(show(undefined)).toBe('undefined');
    expect(show({ a: 1 })).toBe('object');
    expect(show(true)).toBe('boolean');
  });
});
