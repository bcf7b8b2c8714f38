import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ascii, copy, writeDigits, writeNumber, writePrice } from './json-number-bytes';

type Writer = (buf: Uint8Array, pos: number, x: number) => number;

/** What `write` puts at position 3 of a buffer of 0xff bytes; throws if it touched anything else. */
function written(write: Writer, x: number): string {
  const buf = new Uint8Array(48).fill(0xff);
  const end = write(buf, 3, x);
  expect(buf.subarray(0, 3).every((b) => b === 0xff)).toBe(true);
  expect(buf.subarray(end).every((b) => b === 0xff)).toBe(true);
  return Buffer.from(buf.subarray(3, end)).toString('latin1');
}

/** Whole numbers at every digit count, and either side of each power of ten and of 2^31. */
const WHOLE_EDGES = [
  ...Array.from({ length: 16 }, (_, k) => 10 ** k).flatMap((p) => [p - 1, p, p + 1]),
  2 ** 31 - 1,
  2 ** 31,
  2 ** 31 + 1,
  2 ** 42 + 7,
  Number.MAX_SAFE_INTEGER,
];
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Prices with at most two decimals, the shape most market prices have. */
const cents = fc.integer({ min: -(2 ** 33), max: 2 ** 33 }).map((c) => c / 100);

describe('JSON numbers as bytes', () => {
  it('writes whole numbers digit for digit, either side of every power of ten', () => {
    for (const n of WHOLE_EDGES) {
      expect(written(writeDigits, n)).toBe(String(n));
      expect(written(writeNumber, n)).toBe(String(n));
      expect(written(writePrice, n)).toBe(String(n));
    }
  });

  it('writes any finite number as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.oneof(finite, cents, fc.maxSafeNat()), (x) => {
        expect(written(writeNumber, x)).toBe(JSON.stringify(x));
        expect(written(writePrice, x)).toBe(JSON.stringify(x));
      }),
    );
  });

  it('writes two-decimal prices with no trailing zero, around 2^31 cents too', () => {
    const prices = [0.01, 0.1, 0.5, 0.05, 1.1, 1.01, 1.25, 99.99, 100.5, 21474836.47, 21474836.48];
    for (const x of [...prices, ...prices.map((p) => -p), 0, -0, 1e21, 1.005, 5e-7]) {
      expect(written(writePrice, x)).toBe(JSON.stringify(x));
      expect(written(writeNumber, x)).toBe(JSON.stringify(x));
    }
  });

  it('copies constant runs where asked and says where they end', () => {
    const buf = new Uint8Array(8).fill(0x20);
    expect(copy(buf, 2, ascii('"ab"'))).toBe(6);
    expect(Buffer.from(buf).toString('latin1')).toBe('  "ab"  ');
  });
});
