import { describe, expect, it } from 'vitest';
import { decodeClientMessage, decodeServerMessage, requestIdOf } from './decode';
import { MAX_INSTRUMENTS } from './limits';
import { MARKET_STATE } from '../test-support/market-state-frame';

/** The error of a frame the decoder refuses; fails the test when it accepts it. */
function refusal(decoded: ReturnType<typeof decodeServerMessage | typeof decodeClientMessage>) {
  if (decoded.ok) throw new Error('expected the frame to be refused');
  return decoded.error;
}
const server = (message: unknown) => decodeServerMessage(JSON.stringify(message));
const client = (message: unknown) => decodeClientMessage(JSON.stringify(message));

describe('server frames at their edges', () => {
  it('names the instrument of a snapshot that has none', () => {
    expect(refusal(server({ op: 'snapshot', seq: 1, state: MARKET_STATE })).message).toMatch(
      /^snapshot\.instrument: expected a non-empty string, got /,
    );
  });

  it("checks a status's request id, unless null, and the message of its error", () => {
    expect(server({ op: 'status', id: null, ok: true }).ok).toBe(true);
    expect(refusal(server({ op: 'status', id: 'x', ok: true })).message).toBe(
      'status.id: expected an integer >= 0, got the string "x"',
    );
    expect(
      refusal(server({ op: 'status', id: 1, ok: false, error: { code: 'X' } })).message,
    ).toMatch(/^status\.error\.message: expected a non-empty string, got /);
  });

  it(`takes a hello of ${MAX_INSTRUMENTS} instruments, and checks its server name`, () => {
    const hello = { op: 'hello', protocol: 1, heartbeatMs: 1000, instruments: [] };
    const market = { kind: 'market', name: 'x', tickSize: 1 };
    const full = Array.from({ length: MAX_INSTRUMENTS }, (_, i) => ({ ...market, id: `I${i}` }));
    expect(server({ ...hello, instruments: full }).ok).toBe(true);
    expect(refusal(server({ ...hello, server: 7 })).message).toBe(
      'hello.server: expected a non-empty string, got the number 7',
    );
    expect(refusal(server({ ...hello, protocol: 2 })).message).toBe(
      'hello.protocol: expected 1, got the number 2',
    );
    expect(refusal(server({ ...hello, instruments: {} })).message).toBe(
      'hello.instruments: expected an array, got a object',
    );
  });

  it('names an unknown op and text that is not JSON in its message', () => {
    expect(refusal(server({ op: 'nope' })).message).toBe('op: unknown op the string "nope"');
    expect(refusal(client({ op: 'fetch' })).message).toBe('op: unknown op the string "fetch"');
    const notJson = refusal(decodeServerMessage('{"op":'));
    expect(notJson.message).toMatch(/^not JSON: \S/);
    expect(refusal(decodeClientMessage('{]'))).toMatchObject({
      code: 'BAD_JSON',
      path: '',
      message: expect.stringMatching(/^not JSON: \S/),
    });
  });
});

describe('client frames at their edges', () => {
  it('says what an instrument list must hold', () => {
    expect(refusal(client({ op: 'subscribe', id: 1, instruments: [] })).message).toBe(
      'subscribe.instruments: expected at least one instrument id (or "*"), got an array',
    );
    expect(refusal(client({ op: 'subscribe', id: 1, instruments: ['A', 5] })).message).toBe(
      'subscribe.instruments[1]: expected a non-empty string, got the number 5',
    );
    expect(refusal(client({ op: 'unsubscribe', id: 1, instruments: 'A' })).message).toBe(
      'unsubscribe.instruments: expected an array, got the string "A"',
    );
  });

  it('takes every replay action, and names a replay request without an id', () => {
    for (const action of ['pause', 'resume'])
      expect(client({ op: 'replay', id: 1, action }).ok, action).toBe(true);
    expect(refusal(client({ op: 'replay', action: 'pause' })).message).toMatch(
      /^replay\.id: expected an integer >= 0, got /,
    );
    expect(refusal(client({ op: 'replay', id: 1, action: 'rewind' })).message).toBe(
      'replay.action: expected one of pause, resume, seek, speed, got the string "rewind"',
    );
  });

  it('names a subscribe whose resume is not an object of sequence numbers', () => {
    expect(refusal(client({ op: 'subscribe', id: 1, instruments: ['*'], resume: 3 })).message).toBe(
      'subscribe.resume: expected an object, got the number 3',
    );
    expect(
      refusal(client({ op: 'subscribe', id: 1, instruments: ['*'], resume: { A: 1, B: 'x' } }))
        .message,
    ).toBe('subscribe.resume.B: expected an integer >= 0, got the string "x"');
  });
});

describe('requestIdOf at its edges', () => {
  it('takes 0 as a request id', () => {
    expect(requestIdOf('{"op":"x","id":0}')).toBe(0);
    expect(requestIdOf('[1]')).toBeNull();
    expect(requestIdOf('7')).toBeNull();
  });
});
