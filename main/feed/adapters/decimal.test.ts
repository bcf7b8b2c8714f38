import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatPrice,
  numberQuoter,
  numberToDecimal,
  padDecimal,
  parseDecimalText,
  writtenDecimals,
} from './decimal';

describe('exact decimals', () => {
  it('keeps exchange text, counts significant decimals and converts once', () => {
    expect(parseDecimalText('25.35190000')).toEqual({
      text: '25.35190000',
      value: 25.3519,
      decimals: 4,
    });
    expect(parseDecimalText('0.001')).toEqual({ text: '0.001', value: 0.001, decimals: 3 });
    expect(parseDecimalText('740.0')).toEqual({ text: '740.0', value: 740, decimals: 0 });
    expect(parseDecimalText('007')).toMatchObject({ text: '7', decimals: 0 });
    expect(parseDecimalText('-0.00017')).toMatchObject({
      text: '-0.00017',
      value: -0.00017,
      decimals: 5,
    });
  });

  it('expands exponents without losing digits and rejects what is not a decimal', () => {
    expect(parseDecimalText('1e-7')).toMatchObject({ text: '0.0000001', decimals: 7 });
    expect(parseDecimalText('1.5E3')).toMatchObject({ text: '1500', value: 1500 });
    expect(numberToDecimal(1e-7)).toMatchObject({ text: '0.0000001' });
    for (const bad of ['', '.5', '1.', '1,5', 'NaN', '0x10', ' 1', '1e999'])
      expect(parseDecimalText(bad)).toBeNull();
    expect(numberToDecimal(Infinity)).toBeNull();
  });

  it('pads to a precision for checksums without rounding away digits', () => {
    expect(padDecimal('0.566', 4)).toBe('0.5660');
    expect(padDecimal('740', 2)).toBe('740.00');
    expect(padDecimal('0.10000000', 2)).toBe('0.10');
    expect(padDecimal('0.12345', 2)).toBe('0.12345');
  });

  it('keeps the exact text of JSON numbers of chosen keys, and only of real keys', () => {
    const quote = numberQuoter(['price', 'qty']);
    const text = '{"price": 740.0,"qty":12345678.123456789,"id":7,"note":"\\"price\\":1.50"}';
    const parsed = JSON.parse(quote(text));
    expect(parsed).toEqual({
      price: '740.0',
      qty: '12345678.123456789',
      id: 7,
      note: '"price":1.50',
    });
    // JSON.parse alone would have lost both.
    expect(String(JSON.parse(text).qty)).not.toBe('12345678.123456789');
  });

  it('displays prices with the decimals of the text, never float noise', () => {
    const sum = parseDecimalText('0.1')!.value + parseDecimalText('0.2')!.value;
    expect(String(sum)).toBe('0.30000000000000004');
    expect(formatPrice(sum, 1)).toBe('0.3');
  });

  it('round-trips any price of up to 15 significant digits: text -> number -> display text', () => {
    const price = fc
      .tuple(fc.integer({ min: 0, max: 9_999_999 }), fc.integer({ min: 0, max: 8 }), fc.nat())
      .map(([whole, places, frac]) => {
        const digits = String(frac % 10 ** places).padStart(places, '0');
        return places === 0 ? String(whole) : `${whole}.${digits}`;
      });
    fc.assert(
      fc.property(price, (text) => {
        const d = parseDecimalText(text)!;
        expect(formatPrice(d.value, writtenDecimals(d))).toBe(text);
        expect(numberToDecimal(d.value)!.value).toBe(d.value);
      }),
      { numRuns: 500 },
    );
  });

  it('reads canonical text (the fast path) exactly as the same value written with a leading zero', () => {
    const text = fc
      .tuple(
        fc.boolean(),
        fc.integer({ min: 0, max: 99_999 }),
        fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
      )
      .map(([negative, whole, frac]) => `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`);
    fc.assert(
      fc.property(text, (t) => {
        const padded = t.startsWith('-') ? `-0${t.slice(1)}` : `0${t}`;
        expect(parseDecimalText(t)).toEqual(parseDecimalText(padded));
      }),
      { numRuns: 1_000 },
    );
    expect(parseDecimalText('-0.00')).toEqual({ text: '0.00', value: 0, decimals: 0 });
    expect(parseDecimalText('12.3400')).toEqual({ text: '12.3400', value: 12.34, decimals: 2 });
  });
});
