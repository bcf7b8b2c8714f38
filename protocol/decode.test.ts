import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  decodeServerMessage,
  readTick,
  requestIdOf,
  validateServerMessage,
} from './decode';
import type { ServerMessage } from './feed';
import { MARKET_STATE } from '../test-support/market-state-frame';

const QUOTE = {
  instrument: 'ACME',
  seq: 7,
  ts: 1_700_000_000_000,
  kind: 'quote',
  bid: 10.5,
  ask: 10.6,
  bidSize: 100,
  askSize: 300,
};
const TRADE = {
  instrument: 'ACME',
  seq: 9,
  ts: 1_700_000_000_001,
  conflated: 2,
  kind: 'trade',
  price: 10.6,
  size: 250,
  side: 'buy',
  count: 2,
  high: 10.6,
  low: 10.5,
};
const BOOK = {
  instrument: 'ACME',
  seq: 8,
  ts: 1_700_000_000_000,
  kind: 'book',
  bids: [[10.5, 0]],
  asks: [[10.6, 300]],
};

const MATCH_STATE = {
  kind: 'sports',
  status: 'live',
  home: 1,
  away: 0,
  clockMs: 1_200_000,
  running: true,
  odds: { home: 1.5, draw: 4.2, away: 6.5 },
  incidents: [{ type: 'goal', team: 'home', clockMs: 1_100_000, player: 'Harbor City #9' }],
  ts: 5,
};
const REPLAY = { start: 1, end: 100, position: 50, playing: true, speed: 2, loop: false };

/** Every server message kind, valid. */
const VALID_SERVER: ServerMessage[] = [
  {
    op: 'hello',
    protocol: 1,
    heartbeatMs: 1000,
    server: 'sim',
    instruments: [
      { id: 'ACME', kind: 'market', name: 'Acme', tickSize: 0.01, decimals: 2 },
      { id: 'm1', kind: 'sports', name: 'A v B', home: 'A', away: 'B', startTime: 5 },
    ],
  },
  { op: 'hello', protocol: 1, heartbeatMs: 1000, instruments: [], replay: REPLAY },
  { op: 'status', id: 1, ok: true },
  { op: 'status', id: null, ok: false, error: { code: 'BAD_JSON', message: 'not JSON' } },
  { op: 'snapshot', instrument: 'ACME', seq: 0, state: MARKET_STATE },
  { op: 'snapshot', instrument: 'm1', seq: 12, state: MATCH_STATE },
  { op: 'snapshot', instrument: 'ACME', seq: 4, state: MARKET_STATE, lostTail: true },
  { op: 'ticks', ticks: [QUOTE, TRADE] },
  {
    op: 'ticks',
    ticks: [
      { instrument: 'm1', seq: 1, ts: 1, kind: 'score', home: 1, away: 0 },
      { instrument: 'm1', seq: 2, ts: 1, kind: 'clock', clockMs: 60_000, running: true },
      { instrument: 'm1', seq: 3, ts: 1, kind: 'odds', home: 1.5, draw: 4, away: 7 },
      { instrument: 'm1', seq: 4, ts: 1, kind: 'status', status: 'halftime' },
      {
        instrument: 'm1',
        seq: 5,
        ts: 1,
        kind: 'incident',
        type: 'red-card',
        team: 'away',
        clockMs: 5,
      },
    ],
  },
  { op: 'heartbeat', ts: 123 },
  { op: 'replay', state: REPLAY },
  { op: 'replay', state: REPLAY, seeked: true },
] as ServerMessage[];

function serverError(message: unknown) {
  const decoded = decodeServerMessage(JSON.stringify(message));
  if (decoded.ok) throw new Error(`expected ${JSON.stringify(message)} to be rejected`);
  return decoded.error;
}

function clientError(message: unknown) {
  const decoded = decodeClientMessage(JSON.stringify(message));
  if (decoded.ok) throw new Error(`expected ${JSON.stringify(message)} to be rejected`);
  return decoded.error;
}

describe('decodeServerMessage', () => {
  it.each(VALID_SERVER.map((m) => [m.op, m] as const))('accepts a valid %s', (_op, message) => {
    expect(decodeServerMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
    expect(validateServerMessage(message)).toEqual({ ok: true, value: message });
  });

  it('reports text that is not JSON as BAD_JSON', () => {
    const decoded = decodeServerMessage('{"op":');
    expect(decoded).toMatchObject({ ok: false, error: { code: 'BAD_JSON', path: '' } });
  });

  it('reports an unknown op as UNKNOWN_OP', () => {
    expect(serverError({ op: 'nope' })).toMatchObject({ code: 'UNKNOWN_OP', path: 'op' });
    expect(serverError(42)).toMatchObject({ code: 'BAD_REQUEST', path: 'message' });
  });

  const ticks = (tick: object) => ({ op: 'ticks', ticks: [QUOTE, tick] });
  const wrong: [string, unknown, string][] = [
    [
      'a tick without instrument',
      ticks({ ...QUOTE, instrument: undefined }),
      'ticks[1].instrument',
    ],
    ['an empty instrument id', ticks({ ...QUOTE, instrument: '' }), 'ticks[1].instrument'],
    ['a fractional seq', ticks({ ...QUOTE, seq: 1.5 }), 'ticks[1].seq'],
    ['a negative seq', ticks({ ...QUOTE, seq: -1 }), 'ticks[1].seq'],
    ['a string ts', ticks({ ...QUOTE, ts: '1' }), 'ticks[1].ts'],
    ['conflated 0', ticks({ ...QUOTE, conflated: 0 }), 'ticks[1].conflated'],
    ['a kind that is not a string', ticks({ ...QUOTE, kind: 7 }), 'ticks[1].kind'],
    ['an overlong unknown kind', ticks({ ...QUOTE, kind: 'x'.repeat(65) }), 'ticks[1].kind'],
    ['a book level that is not a pair', ticks({ ...BOOK, bids: [[10.5]] }), 'ticks[1].bids[0]'],
    ['a negative book size', ticks({ ...BOOK, asks: [[10.6, -1]] }), 'ticks[1].asks[0][1]'],
    [
      'a whole book with an empty level',
      ticks({ ...BOOK, full: true, bids: [[10.5, 0]] }),
      'ticks[1].bids[0][1]',
    ],
    [
      'a whole book with bids out of order',
      ticks({
        ...BOOK,
        full: true,
        bids: [
          [10.4, 1],
          [10.5, 1],
        ],
      }),
      'ticks[1].bids[1][0]',
    ],
    [
      'a book side past the level limit',
      ticks({ ...BOOK, asks: Array.from({ length: 1001 }, (_, i) => [10 + i, 1]) }),
      'ticks[1].asks',
    ],
    ['a negative bid', ticks({ ...QUOTE, bid: -1 }), 'ticks[1].bid'],
    ['a NaN-like ask', { op: 'ticks', ticks: [{ ...QUOTE, ask: null }] }, 'ticks[0].ask'],
    ['a trade side', ticks({ ...TRADE, side: 'long' }), 'ticks[1].side'],
    ['a fractional trade count', ticks({ ...TRADE, count: 1.5 }), 'ticks[1].count'],
    ['a string high', ticks({ ...TRADE, high: '1' }), 'ticks[1].high'],
    [
      'a fractional score',
      ticks({ instrument: 'm1', seq: 1, ts: 1, kind: 'score', home: 0.5, away: 0 }),
      'ticks[1].home',
    ],
    [
      'a clock without running',
      ticks({ instrument: 'm1', seq: 1, ts: 1, kind: 'clock', clockMs: 1 }),
      'ticks[1].running',
    ],
    [
      'odds missing draw',
      ticks({ instrument: 'm1', seq: 1, ts: 1, kind: 'odds', home: 1, away: 2 }),
      'ticks[1].draw',
    ],
    [
      'an unknown status',
      ticks({ instrument: 'm1', seq: 1, ts: 1, kind: 'status', status: 'lunch' }),
      'ticks[1].status',
    ],
    [
      'an unknown incident',
      ticks({
        instrument: 'm1',
        seq: 1,
        ts: 1,
        kind: 'incident',
        type: 'corner',
        team: 'home',
        clockMs: 1,
      }),
      'ticks[1].type',
    ],
    [
      'an incident team',
      ticks({
        instrument: 'm1',
        seq: 1,
        ts: 1,
        kind: 'incident',
        type: 'goal',
        team: 'both',
        clockMs: 1,
      }),
      'ticks[1].team',
    ],
    ['ticks not a list', { op: 'ticks', ticks: {} }, 'ticks'],
    ['a hello of another version', { ...VALID_SERVER[0], protocol: 2 }, 'hello.protocol'],
    ['a zero heartbeat', { ...VALID_SERVER[0], heartbeatMs: 0 }, 'hello.heartbeatMs'],
    [
      'an instrument without id',
      { ...VALID_SERVER[0], instruments: [{ kind: 'market', name: 'x', tickSize: 1 }] },
      'hello.instruments[0].id',
    ],
    [
      'an instrument kind',
      { ...VALID_SERVER[0], instruments: [{ id: 'x', kind: 'fx', name: 'x' }] },
      'hello.instruments[0].kind',
    ],
    [
      'a zero tick size',
      { ...VALID_SERVER[0], instruments: [{ id: 'x', kind: 'market', name: 'x', tickSize: 0 }] },
      'hello.instruments[0].tickSize',
    ],
    [
      'a match without away team',
      { ...VALID_SERVER[0], instruments: [{ id: 'm', kind: 'sports', name: 'x', home: 'A' }] },
      'hello.instruments[0].away',
    ],
    [
      'a replay without loop',
      { ...VALID_SERVER[1], replay: { ...REPLAY, loop: undefined } },
      'hello.replay.loop',
    ],
    ['a status without ok', { op: 'status', id: 1 }, 'status.ok'],
    ['a failed status without error', { op: 'status', id: 1, ok: false }, 'status.error'],
    [
      'an error without code',
      { op: 'status', id: 1, ok: false, error: { message: 'x' } },
      'status.error.code',
    ],
    [
      'a lost-tail flag that is not true',
      { op: 'snapshot', instrument: 'ACME', seq: 1, state: MARKET_STATE, lostTail: false },
      'snapshot.lostTail',
    ],
    [
      'a snapshot without seq',
      { op: 'snapshot', instrument: 'ACME', state: MARKET_STATE },
      'snapshot.seq',
    ],
    [
      'a market state without volume',
      { op: 'snapshot', instrument: 'ACME', seq: 1, state: { ...MARKET_STATE, volume: undefined } },
      'snapshot.state.volume',
    ],
    [
      'a match state odds',
      {
        op: 'snapshot',
        instrument: 'm1',
        seq: 1,
        state: { ...MATCH_STATE, odds: { home: 1, draw: 2 } },
      },
      'snapshot.state.odds.away',
    ],
    [
      'a match state incident',
      {
        op: 'snapshot',
        instrument: 'm1',
        seq: 1,
        state: { ...MATCH_STATE, incidents: [{ type: 'goal', team: 'x', clockMs: 1 }] },
      },
      'snapshot.state.incidents[0].team',
    ],
    ['a heartbeat without ts', { op: 'heartbeat' }, 'heartbeat.ts'],
    [
      'a negative replay speed',
      { op: 'replay', state: { ...REPLAY, speed: -1 } },
      'replay.state.speed',
    ],
    // bug 267: checked only as >= 0, so a peer's 1e9 showed as "1000000000×".
    [
      'a replay speed past what a replay server accepts',
      { op: 'replay', state: { ...REPLAY, speed: 1e9 } },
      'replay.state.speed',
    ],
    [
      'a hello replay speed between 0 and the slowest',
      {
        op: 'hello',
        protocol: 1,
        heartbeatMs: 1000,
        instruments: [],
        replay: { ...REPLAY, speed: 0.1 },
      },
      'hello.replay.speed',
    ],
    [
      'a seeked flag that is not boolean',
      { op: 'replay', state: REPLAY, seeked: 'yes' },
      'replay.seeked',
    ],
  ];

  it.each(wrong)('rejects %s, naming %s', (_what, message, path) => {
    const error = serverError(message);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/expected .+, got /);
  });

  it('names the replay speeds a server accepts when it reports another', () => {
    const error = serverError({ op: 'replay', state: { ...REPLAY, speed: 1e9 } });
    expect(error.message).toBe(
      'replay.state.speed: expected 0 (as fast as possible) or 0.25 to 100, got the number 1000000000',
    );
  });
});

describe('decodeClientMessage', () => {
  it('accepts every valid request shape', () => {
    const valid = [
      { op: 'subscribe', id: 1, instruments: ['*'] },
      {
        op: 'subscribe',
        id: 2,
        instruments: ['ACME', 'm1'],
        conflateMs: 250,
        resume: { ACME: 10 },
        snapshot: true,
      },
      { op: 'unsubscribe', id: 3, instruments: ['ACME'] },
      { op: 'replay', id: 4, action: 'pause' },
      { op: 'replay', id: 5, action: 'seek', to: 1_700_000_000_000 },
      { op: 'replay', id: 6, action: 'speed', speed: 0 },
    ];
    for (const request of valid) {
      expect(decodeClientMessage(JSON.stringify(request))).toEqual({ ok: true, value: request });
    }
  });

  const wrong: [string, unknown, string, string][] = [
    ['an unknown op', { op: 'fetch', id: 1 }, 'op', 'UNKNOWN_OP'],
    ['a missing op', { id: 1 }, 'op', 'UNKNOWN_OP'],
    ['a non-object', 'subscribe', 'message', 'BAD_REQUEST'],
    ['a missing id', { op: 'subscribe', instruments: ['*'] }, 'subscribe.id', 'BAD_REQUEST'],
    [
      'a negative id',
      { op: 'unsubscribe', id: -1, instruments: ['*'] },
      'unsubscribe.id',
      'BAD_REQUEST',
    ],
    [
      'an empty list',
      { op: 'subscribe', id: 1, instruments: [] },
      'subscribe.instruments',
      'BAD_REQUEST',
    ],
    [
      'a blank id in the list',
      { op: 'unsubscribe', id: 1, instruments: ['ACME', ''] },
      'unsubscribe.instruments[1]',
      'BAD_REQUEST',
    ],
    [
      'a fractional conflateMs',
      { op: 'subscribe', id: 1, instruments: ['*'], conflateMs: 2.5 },
      'subscribe.conflateMs',
      'BAD_REQUEST',
    ],
    [
      'a resume that is a list',
      { op: 'subscribe', id: 1, instruments: ['*'], resume: [1] },
      'subscribe.resume',
      'BAD_REQUEST',
    ],
    [
      'a negative resume seq',
      { op: 'subscribe', id: 1, instruments: ['*'], resume: { ACME: -2 } },
      'subscribe.resume.ACME',
      'BAD_REQUEST',
    ],
    [
      'a string snapshot flag',
      { op: 'subscribe', id: 1, instruments: ['*'], snapshot: 'true' },
      'subscribe.snapshot',
      'BAD_REQUEST',
    ],
    [
      'an unknown replay action',
      { op: 'replay', id: 1, action: 'rewind' },
      'replay.action',
      'BAD_REQUEST',
    ],
    [
      'a seek without a target',
      { op: 'replay', id: 1, action: 'seek' },
      'replay.to',
      'BAD_REQUEST',
    ],
    [
      'a negative speed',
      { op: 'replay', id: 1, action: 'speed', speed: -1 },
      'replay.speed',
      'BAD_REQUEST',
    ],
  ];

  it.each(wrong)('rejects %s, naming %s', (_what, message, path, code) => {
    const error = clientError(message);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.message).toContain(path);
  });

  it('reports text that is not JSON as BAD_JSON', () => {
    expect(decodeClientMessage('{]')).toMatchObject({ ok: false, error: { code: 'BAD_JSON' } });
  });
});

describe('requestIdOf', () => {
  it('finds the id of a rejected request when it is a valid id, else null', () => {
    expect(requestIdOf('{"op":"x","id":12}')).toBe(12);
    expect(requestIdOf('{"id":"12"}')).toBeNull();
    expect(requestIdOf('{"id":-1}')).toBeNull();
    expect(requestIdOf('{"id":1.5}')).toBeNull();
    expect(requestIdOf('not json')).toBeNull();
    expect(requestIdOf('null')).toBeNull();
  });
});

describe('readTick', () => {
  it('validates one tick and names the path it was given', () => {
    expect(readTick(QUOTE, 'line 3')).toBe(QUOTE);
    expect(() => readTick({ ...QUOTE, bidSize: 'x' }, 'line 3')).toThrow(/line 3\.bidSize/);
  });
});

describe('bounds on what a feed announces (PROTOCOL.md, Limits)', () => {
  const market = { id: 'ACME', kind: 'market', name: 'Acme', tickSize: 0.01 };
  const hello = (fields: object) => JSON.stringify({ ...VALID_SERVER[1], ...fields });
  const errorOf = (text: string) => {
    const decoded = decodeServerMessage(text);
    return decoded.ok ? null : decoded.error.message;
  };

  it.each([
    // 2^53 - 1 overflows Node's timers: stall detection would never fire.
    [
      'heartbeatMs 2^53 - 1',
      { heartbeatMs: Number.MAX_SAFE_INTEGER },
      'hello.heartbeatMs: expected an integer from 10 to 600000',
    ],
    [
      'heartbeatMs 9',
      { heartbeatMs: 9 },
      'hello.heartbeatMs: expected an integer from 10 to 600000',
    ],
    // toFixed throws above 100 decimals.
    [
      'decimals 101',
      { instruments: [{ ...market, decimals: 101 }] },
      'hello.instruments[0].decimals: expected an integer from 0 to 20',
    ],
    [
      'tickSize 1e-300',
      { instruments: [{ ...market, tickSize: 1e-300 }] },
      'hello.instruments[0].tickSize: expected a number >= 1e-20',
    ],
    [
      'a 257-character id',
      { instruments: [{ ...market, id: 'X'.repeat(257) }] },
      'hello.instruments[0].id: expected an id of at most 256 characters',
    ],
    [
      '100,001 instruments',
      { instruments: Array.from({ length: 100_001 }, (_, i) => ({ ...market, id: `I${i}` })) },
      'hello.instruments: expected at most 100000 instruments',
    ],
  ])('rejects a hello announcing %s', (_, fields, message) => {
    expect(errorOf(hello(fields))).toContain(message);
  });

  it('accepts the bounds themselves', () => {
    expect(errorOf(hello({ heartbeatMs: 10 }))).toBeNull();
    expect(errorOf(hello({ heartbeatMs: 600_000 }))).toBeNull();
    expect(
      errorOf(hello({ instruments: [{ ...market, decimals: 20, tickSize: 1e-20 }] })),
    ).toBeNull();
  });

  it('rejects times outside a Date, too many incidents and overlong ids in data', () => {
    expect(errorOf(JSON.stringify({ op: 'heartbeat', ts: 1e300 }))).toContain('heartbeat.ts');
    expect(errorOf(JSON.stringify({ op: 'ticks', ticks: [{ ...QUOTE, ts: -1e16 }] }))).toContain(
      'ticks[0].ts',
    );
    const incidents = Array.from({ length: 51 }, () => MATCH_STATE.incidents[0]);
    const snapshot = {
      op: 'snapshot',
      instrument: 'm1',
      seq: 1,
      state: { ...MATCH_STATE, incidents },
    };
    expect(errorOf(JSON.stringify(snapshot))).toContain(
      'snapshot.state.incidents: expected at most 50 incidents',
    );
    const longId = { ...QUOTE, instrument: 'X'.repeat(257) };
    expect(errorOf(JSON.stringify({ op: 'ticks', ticks: [longId] }))).toContain(
      'ticks[0].instrument',
    );
  });
});

describe('data fields at their edges', () => {
  const ticks = (...list: object[]) =>
    decodeServerMessage(JSON.stringify({ op: 'ticks', ticks: list }));

  it('accepts a tick that stands for exactly one event and refuses one standing for none', () => {
    expect(ticks({ ...TRADE, conflated: 1 }).ok).toBe(true);
    expect(ticks({ ...TRADE, conflated: 0 })).toMatchObject({
      ok: false,
      error: { path: 'ticks[0].conflated' },
    });
  });

  it("checks an incident's player name when there is one", () => {
    const incident = {
      instrument: 'm1',
      seq: 5,
      ts: 1,
      kind: 'incident',
      type: 'goal',
      team: 'home',
      clockMs: 5,
    };
    expect(ticks({ ...incident, player: 'Harbor City #9' }).ok).toBe(true);
    expect(ticks({ ...incident, player: 7 })).toMatchObject({
      ok: false,
      error: { path: 'ticks[0].player' },
    });
  });
});

describe('book ticks and unknown tick kinds', () => {
  it('accepts a book tick of changes and a snapshot carrying a whole book', () => {
    const frame = {
      op: 'ticks',
      ticks: [
        BOOK,
        {
          ...BOOK,
          seq: 9,
          full: true,
          bids: [
            [10.5, 100],
            [10.4, 200],
          ],
        },
      ],
    };
    expect(decodeServerMessage(JSON.stringify(frame)).ok).toBe(true);
    const snapshot = {
      op: 'snapshot',
      instrument: 'ACME',
      seq: 3,
      state: {
        ...MARKET_STATE,
        book: {
          bids: [[10.5, 100]],
          asks: [
            [10.6, 300],
            [10.7, 50],
          ],
        },
      },
    };
    expect(decodeServerMessage(JSON.stringify(snapshot)).ok).toBe(true);
    const crossed = {
      ...snapshot,
      state: {
        ...snapshot.state,
        book: {
          bids: [],
          asks: [
            [10.7, 1],
            [10.6, 1],
          ],
        },
      },
    };
    expect(serverError(crossed)).toMatchObject({ path: 'snapshot.state.book.asks[1][0]' });
  });

  it('keeps a tick of a kind it does not know rather than refusing the frame', () => {
    // A later protocol version may add kinds: the frame's other ticks must still arrive.
    const future = { instrument: 'ACME', seq: 8, ts: 1, kind: 'auction', price: 10 };
    const decoded = decodeServerMessage(JSON.stringify({ op: 'ticks', ticks: [QUOTE, future] }));
    expect(decoded.ok && decoded.value.op === 'ticks' && decoded.value.ticks.length).toBe(2);
  });
});
