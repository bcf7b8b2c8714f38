import { describe, expect, it } from 'vitest';
import { MAX_ID_CHARS } from './limits';
import {
  decodeLastSeqs,
  formatSeqRange,
  lastSeqsMessages,
  MAX_SEQS_BYTES,
  parseSeqRange,
  seqRange,
} from './nats-seqs';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('last-seq messages', () => {
  it('carry every instrument in messages of at most MAX_SEQS_BYTES, read back as sent', () => {
    const seqs = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) seqs.set(`ÉTÉ/${i}`, Number.MAX_SAFE_INTEGER - i);
    seqs.set('x'.repeat(MAX_ID_CHARS), 0);
    const messages = lastSeqsMessages(seqs);
    expect(messages.length).toBeGreaterThan(1);
    const read = new Map<string, number>();
    for (const text of messages) {
      expect(bytes(text)).toBeLessThanOrEqual(MAX_SEQS_BYTES);
      const decoded = decodeLastSeqs(text);
      if (!decoded.ok) throw new Error(decoded.error);
      for (const [id, seq] of decoded.seqs) read.set(id, seq);
    }
    expect(read).toEqual(seqs);
  });

  it("fit a server's smaller max_payload when given it", () => {
    const seqs = new Map(Array.from({ length: 5_000 }, (_, i) => [`I${i}`, i] as const));
    const messages = lastSeqsMessages(seqs, 8_000);
    expect(messages.length).toBeGreaterThan(5);
    for (const text of messages) expect(bytes(text)).toBeLessThanOrEqual(8_000);
    expect(messages.flatMap((text) => Object.keys(JSON.parse(text).seqs))).toHaveLength(5_000);
  });

  it('are none for no instruments', () => {
    expect(lastSeqsMessages(new Map())).toEqual([]);
  });

  it.each([
    ['x'.repeat(MAX_SEQS_BYTES + 1), /65537 characters, more than 65536/],
    ['{"op":"seqs"', /not JSON/],
    ['[1]', /not a JSON object/],
    ['{"op":"ticks","seqs":{}}', /op is not "seqs"/],
    ['{"op":"seqs","seqs":null}', /seqs is not an object/],
    ['{"op":"seqs","seqs":{"":1}}', /an instrument id of 0 characters/],
    [`{"op":"seqs","seqs":{"${'x'.repeat(MAX_ID_CHARS + 1)}":1}}`, /id of 257 characters/],
    ['{"op":"seqs","seqs":{"A":"1"}}', /seq of "A" is not a whole number/],
    ['{"op":"seqs","seqs":{"A":1.5}}', /seq of "A" is not a whole number/],
    ['{"op":"seqs","seqs":{"A":-1}}', /seq of "A" is not a whole number/],
    ['{"op":"seqs","seqs":{"A":1e300}}', /seq of "A" is not a whole number/],
  ])('refuse a bad message with the reason (%#)', (text, why) => {
    const decoded = decodeLastSeqs(text);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error).toMatch(why);
  });
});

describe('the seq-range header value', () => {
  it('reads back what it wrote', () => {
    for (const range of [
      { firstSeq: 0, lastSeq: 0 },
      { firstSeq: 3, lastSeq: 9 },
      { firstSeq: 999_999_999_999_999, lastSeq: 999_999_999_999_999 },
    ])
      expect(parseSeqRange(formatSeqRange(range))).toEqual(range);
  });

  it('is no range when missing, out of order, signed, too long or not two whole numbers', () => {
    for (const value of [
      undefined,
      '',
      '5',
      '7 3',
      '1 2 3',
      'a b',
      '-1 4',
      '1e3 2e3',
      '1 x',
      ' 1 2',
      '1  2',
      '1234567890123456 1',
    ])
      expect(parseSeqRange(value)).toBeNull();
  });
});

describe("a live message's seq range", () => {
  const tick = (seq: number, conflated?: number) =>
    ({
      instrument: 'A',
      seq,
      ts: 1,
      kind: 'trade',
      price: 1,
      size: 1,
      ...(conflated ? { conflated } : {}),
    }) as never;

  it("is a snapshot's seq, or its ticks' first to last counting the first's conflated ones", () => {
    expect(seqRange({ op: 'snapshot', seq: 7 } as never)).toEqual({ firstSeq: 7, lastSeq: 7 });
    expect(seqRange({ op: 'ticks', ticks: [tick(5), tick(6), tick(9)] })).toEqual({
      firstSeq: 5,
      lastSeq: 9,
    });
    expect(seqRange({ op: 'ticks', ticks: [tick(10, 4), tick(11)] })).toEqual({
      firstSeq: 7,
      lastSeq: 11,
    });
  });

  it('is none for an empty ticks message or another op', () => {
    expect(seqRange({ op: 'ticks', ticks: [] })).toBeNull();
    expect(seqRange({ op: 'heartbeat', ts: 1 })).toBeNull();
  });
});
