import { describe, expect, it } from 'vitest';
import { MAX_DEPTH_VIEW_LEVELS } from './batch';
import { interestIds, readInterest } from './interest';
import { MAX_ID_CHARS, MAX_INTEREST_CHARTED, MAX_INTEREST_ROWS } from './limits';

const OK = { type: 'interest', rows: ['A', 'B'], charted: ['C'], selected: 'C' };

function errorOf(v: unknown): string {
  const checked = readInterest(v);
  if (checked.ok) throw new Error('expected a refusal');
  return checked.error;
}

describe('readInterest', () => {
  it('reads a well-formed interest into a copy carrying nothing else', () => {
    const checked = readInterest({ ...OK, extra: 'dropped' });
    expect(checked).toEqual({ ok: true, value: OK });
    expect(readInterest({ ...OK, rows: [], charted: [], selected: null }).ok).toBe(true);
  });

  it('accepts lists at their limits and refuses one id more, naming the list and the limit', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `I${i}`);
    expect(readInterest({ ...OK, rows: ids(MAX_INTEREST_ROWS) }).ok).toBe(true);
    expect(readInterest({ ...OK, charted: ids(MAX_INTEREST_CHARTED) }).ok).toBe(true);
    expect(errorOf({ ...OK, rows: ids(MAX_INTEREST_ROWS + 1) })).toBe(
      `interest.rows: ${MAX_INTEREST_ROWS + 1} ids, at most ${MAX_INTEREST_ROWS} allowed`,
    );
    expect(errorOf({ ...OK, charted: ids(MAX_INTEREST_CHARTED + 1) })).toMatch(
      /^interest\.charted: .* at most 16 allowed$/,
    );
  });

  it('refuses bad ids, naming the field and the position', () => {
    const long = 'x'.repeat(MAX_ID_CHARS + 1);
    expect(readInterest({ ...OK, rows: ['x'.repeat(MAX_ID_CHARS)] }).ok).toBe(true);
    expect(errorOf({ ...OK, rows: ['A', ''] })).toMatch(/^interest\.rows\[1\]: expected/);
    expect(errorOf({ ...OK, rows: ['A', 'B', long] })).toMatch(/^interest\.rows\[2\]/);
    expect(errorOf({ ...OK, charted: [7] })).toMatch(/^interest\.charted\[0\]/);
    expect(errorOf({ ...OK, selected: '' })).toMatch(/^interest\.selected: /);
    expect(errorOf({ ...OK, selected: long })).toMatch(/^interest\.selected: /);
    expect(errorOf({ ...OK, selected: undefined })).toMatch(/^interest\.selected: /);
  });

  it('reads the book levels a side for the selected instrument, 1 to 50, and refuses others', () => {
    expect(readInterest({ ...OK, depthLevels: 20 })).toEqual({
      ok: true,
      value: { ...OK, depthLevels: 20 },
    });
    expect(readInterest({ ...OK, depthLevels: 1 }).ok).toBe(true);
    expect(readInterest({ ...OK, depthLevels: MAX_DEPTH_VIEW_LEVELS }).ok).toBe(true);
    for (const bad of [0, MAX_DEPTH_VIEW_LEVELS + 1, 2.5, '10', null])
      expect(errorOf({ ...OK, depthLevels: bad })).toBe(
        `interest.depthLevels: expected a whole number from 1 to ${MAX_DEPTH_VIEW_LEVELS}`,
      );
  });

  it('refuses what is not an interest at all', () => {
    expect(errorOf(null)).toBe('interest: expected an object');
    expect(errorOf([OK])).toBe('interest: expected an object');
    expect(errorOf({ ...OK, type: 'ack' })).toBe('interest: expected type "interest"');
    expect(errorOf({ ...OK, rows: 'A' })).toBe('interest.rows: expected a list of instrument ids');
    expect(errorOf({ ...OK, charted: { 0: 'A' } })).toMatch(/^interest\.charted: expected a list/);
  });
});

describe('readInterest: others', () => {
  it('keeps "compact" or "none" when given, leaves it out when not, and refuses anything else', () => {
    expect(readInterest({ ...OK, others: 'none' })).toEqual({
      ok: true,
      value: { ...OK, others: 'none' },
    });
    expect(readInterest({ ...OK, others: 'compact' }).ok).toBe(true);
    expect(readInterest(OK)).toEqual({ ok: true, value: OK });
    expect(errorOf({ ...OK, others: 'all' })).toBe('interest.others: expected "compact" or "none"');
    expect(errorOf({ ...OK, others: null })).toBe('interest.others: expected "compact" or "none"');
  });
});

describe('interestIds', () => {
  it('names the rows, the charted and the selected instrument once each', () => {
    expect([...interestIds({ rows: ['A', 'B'], charted: ['B', 'C'], selected: 'D' })]).toEqual([
      'A',
      'B',
      'C',
      'D',
    ]);
    expect([...interestIds({ rows: [], charted: [], selected: null })]).toEqual([]);
  });
});
