import { describe, expect, it } from 'vitest';
import {
  decodeSourceDown,
  MAX_SOURCE_DOWN_BYTES,
  MAX_SOURCE_DOWN_REASON_CHARS,
  sourceDownMessage,
} from './nats-source-down';

describe("the relay's report of its feed down", () => {
  it('says the source connection in the relay’s words, and reads back', () => {
    const text = sourceDownMessage({
      state: 'reconnecting',
      attempt: 3,
      nextRetryAt: 0,
      reason: 'connect ECONNREFUSED 127.0.0.1:8787',
    });
    expect(decodeSourceDown(text)).toEqual({
      ok: true,
      reason: 'connect ECONNREFUSED 127.0.0.1:8787 (attempt 3)',
    });
    const stalled = sourceDownMessage({ state: 'stalled', silentMs: 4_200 });
    expect(decodeSourceDown(stalled)).toEqual({ ok: true, reason: 'stalled: no data for 4.2 s' });
  });

  it('refuses what a hostile peer could publish, naming why, and bounds the reason', () => {
    expect(decodeSourceDown('x'.repeat(MAX_SOURCE_DOWN_BYTES + 1))).toMatchObject({ ok: false });
    expect(decodeSourceDown('{')).toEqual({ ok: false, error: 'not JSON' });
    expect(decodeSourceDown('[]')).toEqual({ ok: false, error: 'not a JSON object' });
    expect(decodeSourceDown('{"op":"heartbeat","ts":1}')).toEqual({
      ok: false,
      error: 'op is not "source-down"',
    });
    expect(decodeSourceDown('{"op":"source-down","reason":7}')).toEqual({
      ok: false,
      error: 'reason is not a string',
    });
    expect(decodeSourceDown('{"op":"source-down","reason":"\\u0000\\n"}')).toEqual({
      ok: false,
      error: 'reason is empty',
    });
    const long = decodeSourceDown(
      JSON.stringify({ op: 'source-down', reason: `a\nb\u001b[31m${'z'.repeat(900)}` }),
    );
    expect(long.ok && long.reason.length).toBe(MAX_SOURCE_DOWN_REASON_CHARS);
    expect(long.ok && long.reason.startsWith('a b [31mzz')).toBe(true);
  });
});
