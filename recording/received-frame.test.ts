import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_FRAME_BYTES } from './format';
import { readReceivedFrame } from './received-frame';

describe('readReceivedFrame', () => {
  it('keeps a one-line JSON object as received, byte for byte', () => {
    const raw = '{"op":"ticks",  "seq":1,"ticks":[]}';
    expect(readReceivedFrame(raw)).toEqual({
      kind: 'message',
      parsed: { op: 'ticks', seq: 1, ticks: [] },
      text: raw,
    });
  });

  it('puts a frame that spans lines onto one line', () => {
    const frame = readReceivedFrame('{\n  "op": "heartbeat",\r\n  "t": 5\n}');
    expect(frame).toMatchObject({ kind: 'message', text: '{"op":"heartbeat","t":5}' });
  });

  it('makes a gap of text that is not a JSON object, quoting its first 200 characters', () => {
    for (const raw of ['not json', '[1,2]', 'null', '42', '"text"'])
      expect(readReceivedFrame(raw), raw).toEqual({
        kind: 'gap',
        detail: `unreadable frame: ${raw}`,
      });
    const long = `x${'y'.repeat(300)}`;
    expect(readReceivedFrame(long)).toEqual({
      kind: 'gap',
      detail: `unreadable frame: ${long.slice(0, 200)}`,
    });
  });

  it('makes a gap of a frame over the limit, counting UTF-8 bytes, not characters', () => {
    const pad = (n: number) => `{"p":"${'é'.repeat(n)}"}`; // 2 bytes a character
    const over = pad(Math.ceil(MAX_RECORDED_FRAME_BYTES / 2));
    expect(readReceivedFrame(over)).toEqual({
      kind: 'gap',
      detail: `frame of ${Buffer.byteLength(over)} bytes not recorded (limit ${MAX_RECORDED_FRAME_BYTES})`,
    });
    const under = pad(Math.floor((MAX_RECORDED_FRAME_BYTES - 8) / 2));
    expect(Buffer.byteLength(under)).toBeLessThanOrEqual(MAX_RECORDED_FRAME_BYTES);
    expect(readReceivedFrame(under).kind).toBe('message');
  });
});
