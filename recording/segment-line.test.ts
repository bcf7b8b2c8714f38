import { describe, expect, it } from 'vitest';
import { messageAt, parseLine } from './segment-line';

describe('parseLine', () => {
  it('reads the end line and refuses lines that are not framed', () => {
    expect(parseLine('{"t":9,"k":"end"}')).toBe('end');
    expect(parseLine('{"t":9,"m":{"op":"x"}}')).toEqual({
      kind: 'message',
      t: 9,
      raw: '{"op":"x"}',
    });
    expect(parseLine('{"t":9,"k":"end"')).toBeNull();
    expect(parseLine('{"t":9,"k":"end"} ')).toBeNull();
    expect(parseLine('{"t":x,"k":"end"}')).toBeNull();
    expect(parseLine('{"t":9,"k":end}')).toBeNull();
    for (const time of ['', ' ', '0x10', '0b1', '1.', '.5', '+1', '01'])
      expect(parseLine(`{"t":${time},"m":{}}`), time).toBeNull();
    expect(parseLine('{"t":-1.5e3,"m":{}}')).toEqual({ kind: 'message', t: -1500, raw: '{}' });
  });

  it("refuses a time outside a Date's range, which the reader could not name", () => {
    for (const time of ['8640000000000001', '99999999999999999999', '-9e15', '1e300', '1e400'])
      expect(parseLine(`{"t":${time},"m":{}}`), time).toBeNull();
    expect(parseLine('{"t":8640000000000000,"k":"end"}')).toBe('end');
  });
});

describe('messageAt', () => {
  it('takes a message line with a plain integer time in place, and leaves the rest to parseLine', () => {
    const text = 'xx{"t":1234,"m":{"op":"ticks"}}\n';
    expect(messageAt(text, 2, text.length - 1)).toEqual({
      kind: 'message',
      t: 1234,
      raw: '{"op":"ticks"}',
    });
    for (const line of [
      '{"t":99999999999999999999,"m":{}}',
      '{"t":-5,"m":{}}',
      '{"t":1.5,"m":{}}',
      '{"t":9,"k":"end"}',
      '{"t":9,"m":{"op":"x"} ',
    ]) {
      const at = `${line}\n`;
      expect(messageAt(at, 0, at.length - 1), line).toBeNull();
    }
  });
});
