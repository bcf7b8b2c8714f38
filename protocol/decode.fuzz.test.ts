/**
 * Hostile input for the one decoder of untrusted frames: random text, random JSON, valid frames
 * with one field broken, cut-off frames and hostile keys. It must return a typed result every
 * time (never throw, never hang), accept every valid frame unchanged, and name the broken field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  decodeServerMessage,
  requestIdOf,
  validateServerMessage,
  type DecodeError,
} from './decode';
import type { ServerMessage, Tick } from './feed';
import type { ClientMessage } from './feed-requests';
import { MAX_HEARTBEAT_MS, MIN_HEARTBEAT_MS } from './limits';

const RUNS = 400;
const CODES = ['BAD_JSON', 'BAD_REQUEST', 'UNKNOWN_OP'];

const id = fc.string({ minLength: 1, maxLength: 12 });
const seq = fc.nat({ max: 2 ** 40 });
const price = fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true });
const ts = fc.integer({ min: 0, max: 4_102_444_800_000 });
const base = { instrument: id, seq, ts };
const status = fc.constantFrom('scheduled', 'live', 'halftime', 'finished');
const incident = {
  type: fc.constantFrom('goal', 'yellow-card', 'red-card', 'substitution'),
  team: fc.constantFrom('home', 'away'),
  clockMs: price,
};

const tick: fc.Arbitrary<Tick> = fc.oneof(
  fc.record({
    ...base,
    kind: fc.constant('quote' as const),
    bid: price,
    ask: price,
    bidSize: price,
    askSize: price,
  }),
  fc.record(
    {
      ...base,
      kind: fc.constant('trade' as const),
      price,
      size: price,
      side: fc.constantFrom('buy' as const, 'sell' as const),
      conflated: fc.integer({ min: 1, max: 1000 }),
      count: fc.nat(),
      high: price,
      low: price,
    },
    { requiredKeys: ['instrument', 'seq', 'ts', 'kind', 'price', 'size', 'side'] },
  ),
  fc.record({ ...base, kind: fc.constant('score' as const), home: fc.nat(), away: fc.nat() }),
  fc.record({
    ...base,
    kind: fc.constant('clock' as const),
    clockMs: price,
    running: fc.boolean(),
  }),
  fc.record({ ...base, kind: fc.constant('odds' as const), home: price, draw: price, away: price }),
  fc.record({ ...base, kind: fc.constant('status' as const), status }),
  fc.record(
    { ...base, kind: fc.constant('incident' as const), ...incident, player: id },
    { requiredKeys: ['instrument', 'seq', 'ts', 'kind', 'type', 'team', 'clockMs'] },
  ),
) as fc.Arbitrary<Tick>;

const marketState = fc.record({
  kind: fc.constant('market' as const),
  ...Object.fromEntries(
    ['bid', 'ask', 'bidSize', 'askSize', 'open', 'high', 'low', 'last', 'lastSize', 'volume'].map(
      (k) => [k, price],
    ),
  ),
  trades: fc.nat(),
  ts,
});
const matchState = fc.record({
  kind: fc.constant('sports' as const),
  status,
  home: fc.nat(),
  away: fc.nat(),
  clockMs: price,
  running: fc.boolean(),
  odds: fc.record({ home: price, draw: price, away: price }),
  incidents: fc.array(fc.record(incident), { maxLength: 3 }),
  ts,
});
const instrument = fc.oneof(
  fc.record({ id, kind: fc.constant('market'), name: id, tickSize: fc.constantFrom(0.01, 0.5) }),
  fc.record({ id, kind: fc.constant('sports'), name: id, home: id, away: id }),
);
const replayInfo = fc.record({
  start: ts,
  end: ts,
  position: ts,
  playing: fc.boolean(),
  speed: fc.constantFrom(0, 0.25, 1, 100),
  loop: fc.boolean(),
});

const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.record({ op: fc.constant('ticks'), ticks: fc.array(tick, { maxLength: 8 }) }),
  fc.record({ op: fc.constant('heartbeat'), ts }),
  fc.record({
    op: fc.constant('snapshot'),
    instrument: id,
    seq,
    state: fc.oneof(marketState, matchState),
  }),
  fc.record({
    op: fc.constant('hello'),
    protocol: fc.constant(1),
    heartbeatMs: fc.integer({ min: MIN_HEARTBEAT_MS, max: MAX_HEARTBEAT_MS }),
    instruments: fc.array(instrument, { maxLength: 4 }),
  }),
  fc.record({ op: fc.constant('status'), id: fc.nat(), ok: fc.constant(true) }),
  fc.record({
    op: fc.constant('status'),
    id: fc.option(fc.nat(), { nil: null }),
    ok: fc.constant(false),
    error: fc.record({ code: fc.constantFrom('BAD_REQUEST', 'UNKNOWN_INSTRUMENT'), message: id }),
  }),
  fc.record({ op: fc.constant('replay'), state: replayInfo }),
) as fc.Arbitrary<ServerMessage>;

const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.record(
    {
      op: fc.constant('subscribe'),
      id: fc.nat(),
      instruments: fc.array(id, { minLength: 1, maxLength: 5 }),
      conflateMs: fc.nat({ max: 60_000 }),
      snapshot: fc.boolean(),
      resume: fc.dictionary(id, seq, { maxKeys: 4 }),
    },
    { requiredKeys: ['op', 'id', 'instruments'] },
  ),
  fc.record({
    op: fc.constant('unsubscribe'),
    id: fc.nat(),
    instruments: fc.array(id, { minLength: 1, maxLength: 5 }),
  }),
  fc.record({ op: fc.constant('replay'), id: fc.nat(), action: fc.constant('pause') }),
  fc.record({ op: fc.constant('replay'), id: fc.nat(), action: fc.constant('seek'), to: ts }),
) as fc.Arbitrary<ClientMessage>;

/** Any JSON value, nested a little, with the keys the decoder looks at mixed in. */
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, '', 'x', 'ticks', 'hello'),
    fc.string(),
    fc.double(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom('op', 'ticks', 'seq', 'state', 'instruments', 'kind', '__proto__'),
        fc.string(),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** The shape every failure must have: a known code, a path, and a message that says what. */
function expectTypedError(error: DecodeError): void {
  expect(CODES).toContain(error.code);
  expect(typeof error.path).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
}

function decodesTyped(result: ReturnType<typeof decodeServerMessage>): void {
  if (!result.ok) expectTypedError(result.error);
  else expect(typeof result.value.op).toBe('string');
}

describe('protocol decoder under hostile input', () => {
  it('accepts every valid server and client frame unchanged', () => {
    fc.assert(
      fc.property(serverMessage, (m) => {
        expect(decodeServerMessage(JSON.stringify(m))).toEqual({ ok: true, value: m });
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(clientMessage, (m) => {
        expect(decodeClientMessage(JSON.stringify(m))).toEqual({ ok: true, value: m });
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random text with a typed result, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        decodesTyped(decodeServerMessage(text));
        const c = decodeClientMessage(text);
        if (!c.ok) expectTypedError(c.error);
        const id = requestIdOf(text);
        expect(id === null || Number.isSafeInteger(id)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers random JSON (hostile keys included) with a typed result', () => {
    fc.assert(
      fc.property(hostileJson, (v) => {
        const text = JSON.stringify(v) ?? 'null';
        decodesTyped(decodeServerMessage(text));
        const c = decodeClientMessage(text);
        if (!c.ok) expectTypedError(c.error);
      }),
      { numRuns: RUNS },
    );
  });

  it('never accepts a frame cut short: every proper prefix is BAD_JSON', () => {
    fc.assert(
      fc.property(serverMessage, fc.double({ min: 0, max: 1, maxExcluded: true }), (m, at) => {
        const text = JSON.stringify(m);
        const cut = decodeServerMessage(text.slice(0, Math.floor(at * text.length)));
        expect(cut.ok).toBe(false);
        if (!cut.ok) expect(cut.error.code).toBe('BAD_JSON');
      }),
      { numRuns: RUNS },
    );
  });

  it('names the broken field of a tick, whatever value replaces it', () => {
    const notANumber = fc.oneof(
      fc.string(),
      fc.constantFrom(null, true, [], {}, -1, -0.5),
      fc.double({ max: -Number.MIN_VALUE }),
    );
    fc.assert(
      fc.property(
        fc.array(tick, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        notANumber,
        (ticks, pick, value) => {
          const i = pick % ticks.length;
          const broken = ticks.map((t, j) => (j === i ? { ...t, seq: value } : t));
          const result = decodeServerMessage(JSON.stringify({ op: 'ticks', ticks: broken }));
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('BAD_REQUEST');
            // The first broken tick is the one named (the others are valid).
            expect(result.error.path).toBe(`ticks[${i}].seq`);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('keeps whatever it accepts valid: one field replaced by any JSON still decodes to a valid message or a typed error', () => {
    fc.assert(
      fc.property(serverMessage, fc.nat(), hostileJson, (m, pick, value) => {
        const o = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
        const target =
          o.op === 'ticks' && (o.ticks as unknown[]).length > 0
            ? ((o.ticks as Record<string, unknown>[])[pick % (o.ticks as unknown[]).length] ?? o)
            : o;
        const keys = Object.keys(target);
        const key = keys[pick % keys.length]!;
        if (pick % 3 === 0) delete target[key];
        else target[key] = value;
        const result = decodeServerMessage(JSON.stringify(o));
        decodesTyped(result);
        // Whatever passed is a message the decoder accepts again, as stored in a recording.
        if (result.ok) expect(validateServerMessage(result.value).ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('treats prototype-looking ids as plain data and pollutes nothing', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty']) {
      const frame = `{"op":"ticks","ticks":[{"instrument":"${name}","seq":1,"ts":1,"kind":"score","home":1,"away":0}]}`;
      expect(decodeServerMessage(frame).ok).toBe(true);
      const resume = decodeClientMessage(
        `{"op":"subscribe","id":1,"instruments":["*"],"resume":{"${name}":3}}`,
      );
      expect(resume.ok).toBe(true);
    }
    expect(({} as Record<string, unknown>).seq).toBeUndefined();
  });

  it('decodes huge and deeply nested frames in bounded time without throwing', () => {
    const started = performance.now();
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    decodesTyped(decodeServerMessage(deep));
    decodesTyped(decodeServerMessage(`{"op":"ticks","ticks":${deep}}`));
    const many = JSON.stringify({
      op: 'ticks',
      ticks: Array.from({ length: 50_000 }, (_, i) => ({
        instrument: 'A',
        seq: i,
        ts: 1,
        kind: 'score',
        home: 0,
        away: 0,
      })).concat([{ instrument: 'A' } as never]),
    });
    const last = decodeServerMessage(many);
    expect(last.ok === false && last.error.path).toBe('ticks[50000].seq');
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
