import { describe as suite, expect, it } from 'vitest';
import { Invalid, describe, obj, oneOf } from './decode-fields';

/** The error a reader throws, as the decoder reports it. */
function rejection(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    return (err as Invalid).message;
  }
  throw new Error('expected the reader to reject its input');
}

suite('decode-fields', () => {
  it('names a rejected value by its type, with a short look at strings and numbers', () => {
    expect(describe(null)).toBe('null');
    expect(describe([1, 2])).toBe('an array');
    expect(describe('x'.repeat(50))).toBe(`the string "${'x'.repeat(40)}"`);
    expect(describe(-2.5)).toBe('the number -2.5');
    expect(describe(true)).toBe('a boolean');
  });

  it('accepts only plain objects as objects, naming the path of anything else', () => {
    expect(obj({ a: 1 }, 'frame')).toEqual({ a: 1 });
    expect(rejection(() => obj(null, 'frame'))).toBe('frame: expected an object, got null');
    expect(rejection(() => obj([], 'ticks[0]'))).toBe('ticks[0]: expected an object, got an array');
    expect(rejection(() => obj('s', 'frame'))).toBe(
      'frame: expected an object, got the string "s"',
    );
  });

  it('lists the allowed values when a field is not one of them', () => {
    expect(oneOf({ side: 'buy' }, 'side', ['buy', 'sell'], 'ticks[2]')).toBe('buy');
    expect(rejection(() => oneOf({ side: 'hold' }, 'side', ['buy', 'sell'], 'ticks[2]'))).toBe(
      'ticks[2].side: expected one of buy, sell, got the string "hold"',
    );
  });
});
