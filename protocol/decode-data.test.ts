import { describe, expect, it } from 'vitest';
import { validateServerMessage } from './decode';
import { MARKET, MATCH as KICK_OFF } from '../test-support/instrument-snapshots';
import { MAX_BOOK_LEVELS, MAX_KIND_CHARS, MAX_SNAPSHOT_INCIDENTS } from './limits';

/** The error message for a frame, or null when it is accepted. */
function problem(frame: unknown): string | null {
  const decoded = validateServerMessage(frame);
  return decoded.ok ? null : decoded.error.message;
}

const tick = (fields: object) => ({
  op: 'ticks',
  ticks: [{ instrument: 'ACME', seq: 1, ts: 1, ...fields }],
});
const book = (fields: object) => tick({ kind: 'book', bids: [], asks: [], ...fields });
const hello = (instrument: object) => ({
  op: 'hello',
  protocol: 1,
  heartbeatMs: 1000,
  instruments: [instrument],
});
const MATCH = { id: 'm1', kind: 'sports', name: 'A v B', home: 'A', away: 'B' };
const MATCH_STATE = { ...KICK_OFF, status: 'live', ts: 1 };
const snapshot = (state: object) => ({ op: 'snapshot', instrument: 'm1', seq: 1, state });
const GOAL = { type: 'goal', team: 'home', clockMs: 60_000 };

describe('book sides at their edges', () => {
  const ascending = (n: number) => Array.from({ length: n }, (_, i) => [10 + i, 1]);

  it(`takes a side of ${MAX_BOOK_LEVELS} levels and refuses one more`, () => {
    expect(problem(book({ full: true, asks: ascending(MAX_BOOK_LEVELS) }))).toBeNull();
    expect(problem(book({ full: true, asks: ascending(MAX_BOOK_LEVELS + 1) }))).toBe(
      `ticks[0].asks: expected at most ${MAX_BOOK_LEVELS} levels, got an array`,
    );
  });

  it('refuses a price of 0 or one that is not finite, and a level of three numbers', () => {
    expect(problem(book({ bids: [[0, 1]] }))).toBe(
      'ticks[0].bids[0][0]: expected a price > 0, got the number 0',
    );
    // JSON reads 1e999 as Infinity.
    expect(problem(book({ asks: [[JSON.parse('1e999') as number, 1]] }))).toBe(
      'ticks[0].asks[0][0]: expected a price > 0, got the number Infinity',
    );
    expect(problem(book({ asks: [[10, 1, 2]] }))).toBe(
      'ticks[0].asks[0]: expected a [price, size] pair, got an array',
    );
    expect(problem(book({ asks: [{ price: 10, size: 1 }] }))).toBe(
      'ticks[0].asks[0]: expected a [price, size] pair, got a object',
    );
  });

  it('says which sizes it wanted: any size for changes, above 0 for a whole side', () => {
    expect(problem(book({ bids: [[10, -1]] }))).toBe(
      'ticks[0].bids[0][1]: expected a size >= 0, got the number -1',
    );
    expect(problem(book({ full: true, bids: [[10, 0]] }))).toBe(
      'ticks[0].bids[0][1]: expected a size > 0, got the number 0',
    );
    expect(problem(book({ full: true, bids: [[10, Number.MIN_VALUE]] }))).toBeNull();
    expect(problem(book({ asks: [[10, JSON.parse('1e999') as number]] }))).toBe(
      'ticks[0].asks[0][1]: expected a size >= 0, got the number Infinity',
    );
  });

  it('refuses a whole side that names a price twice, saying which way prices must go', () => {
    const twice = [
      [10, 1],
      [10, 2],
    ];
    expect(problem(book({ full: true, bids: twice }))).toBe(
      'ticks[0].bids[1][0]: expected a price below the last, got the number 10',
    );
    expect(problem(book({ full: true, asks: twice }))).toBe(
      'ticks[0].asks[1][0]: expected a price above the last, got the number 10',
    );
    // Changes may come in any order and name a price twice (the last one counts).
    expect(problem(book({ bids: twice, asks: [...twice].reverse() }))).toBeNull();
  });

  it("checks a snapshot's whole book side by side", () => {
    const state = (b: object) => ({
      op: 'snapshot',
      instrument: 'A',
      seq: 1,
      state: { ...MARKET, book: b },
    });
    expect(problem(state({ bids: [[2, 1]], asks: [[3, 1]] }))).toBeNull();
    expect(problem(state({ bids: [[2, 0]], asks: [] }))).toBe(
      'snapshot.state.book.bids[0][1]: expected a size > 0, got the number 0',
    );
    expect(problem(state({ bids: [], asks: 'none' }))).toBe(
      'snapshot.state.book.asks: expected an array, got the string "none"',
    );
    expect(problem(state([]))).toBe('snapshot.state.book: expected an object, got an array');
  });
});

describe('tick kinds at their edges', () => {
  it('takes either side of a trade and checks every optional figure of a conflated one', () => {
    const trade = { kind: 'trade', price: 10, size: 1, side: 'sell' };
    expect(problem(tick(trade))).toBeNull();
    expect(problem(tick({ ...trade, count: 3, high: 11, low: 9 }))).toBeNull();
    expect(problem(tick({ ...trade, low: '9' }))).toBe(
      'ticks[0].low: expected a finite number, got the string "9"',
    );
    expect(problem(tick({ ...trade, high: -1 }))).toBe(
      'ticks[0].high: expected a number >= 0, got the number -1',
    );
    expect(problem(tick({ ...trade, side: 'hold' }))).toBe(
      'ticks[0].side: expected one of buy, sell, got the string "hold"',
    );
  });

  it(`keeps an unknown kind named by 1 to ${MAX_KIND_CHARS} characters, and names the bound`, () => {
    expect(problem(tick({ kind: 'x' }))).toBeNull();
    expect(problem(tick({ kind: 'x'.repeat(MAX_KIND_CHARS) }))).toBeNull();
    const expected = `ticks[0].kind: expected a tick kind (a string of 1 to ${MAX_KIND_CHARS} chars)`;
    expect(problem(tick({ kind: '' }))).toBe(`${expected}, got the string ""`);
    expect(problem(tick({ kind: 'x'.repeat(MAX_KIND_CHARS + 1) }))).toMatch(
      new RegExp(`^${escapeRegExp(expected)}, got the string "x{40}"$`),
    );
    expect(problem(tick({}))).toMatch(new RegExp(`^${escapeRegExp(expected)}, got `));
  });

  it('takes every match status, incident type and team, and lists them when refusing', () => {
    const statuses = ['scheduled', 'live', 'halftime', 'finished'];
    const called = ['suspended', 'postponed', 'abandoned', 'cancelled'];
    for (const status of [...statuses, ...called])
      expect(problem(tick({ kind: 'status', status })), status).toBeNull();
    for (const type of ['goal', 'yellow-card', 'red-card', 'substitution'])
      for (const team of ['home', 'away'])
        expect(problem(tick({ kind: 'incident', type, team, clockMs: 1 })), type).toBeNull();
    expect(problem(tick({ kind: 'status', status: 'lunch' }))).toBe(
      `ticks[0].status: expected one of ${[...statuses, ...called].join(', ')}, got the string "lunch"`,
    );
    expect(problem(tick({ kind: 'incident', type: 'corner', team: 'home', clockMs: 1 }))).toBe(
      'ticks[0].type: expected one of goal, yellow-card, red-card, substitution, got the string "corner"',
    );
    expect(problem(tick({ kind: 'incident', type: 'goal', team: 'both', clockMs: 1 }))).toBe(
      'ticks[0].team: expected one of home, away, got the string "both"',
    );
    expect(problem(tick({ kind: 'incident', type: 'goal', team: 'home', clockMs: -1 }))).toBe(
      'ticks[0].clockMs: expected a number >= 0, got the number -1',
    );
  });
});

describe('instruments at their edges', () => {
  it('checks a match start time and names a market without a tick size', () => {
    expect(problem(hello({ ...MATCH, startTime: 1_700_000_000_000 }))).toBeNull();
    expect(problem(hello({ ...MATCH, startTime: 'soon' }))).toBe(
      'hello.instruments[0].startTime: expected a finite number, got the string "soon"',
    );
    expect(problem(hello({ id: 'X', kind: 'market', name: 'X' }))).toMatch(
      /^hello\.instruments\[0\]\.tickSize: expected a finite number, got /,
    );
    expect(
      problem(hello({ id: 'X', kind: 'market', name: 'X', tickSize: 1, decimals: 0 })),
    ).toBeNull();
    expect(problem(hello({ id: 'X', kind: 'market', name: 'X', tickSize: 1, decimals: 1.5 }))).toBe(
      'hello.instruments[0].decimals: expected an integer from 0 to 20, got the number 1.5',
    );
    expect(problem(hello({ ...MATCH, name: '' }))).toBe(
      'hello.instruments[0].name: expected a non-empty string, got the string ""',
    );
  });
});

describe('snapshot states at their edges', () => {
  it(`takes ${MAX_SNAPSHOT_INCIDENTS} incidents of a match, and checks each as an object`, () => {
    const full = Array.from({ length: MAX_SNAPSHOT_INCIDENTS }, () => GOAL);
    expect(problem(snapshot({ ...MATCH_STATE, incidents: full }))).toBeNull();
    expect(problem(snapshot({ ...MATCH_STATE, incidents: [GOAL, 'goal'] }))).toBe(
      'snapshot.state.incidents[1]: expected an object, got the string "goal"',
    );
    expect(problem(snapshot({ ...MATCH_STATE, incidents: [{ ...GOAL, player: '' }] }))).toBe(
      'snapshot.state.incidents[0].player: expected a non-empty string, got the string ""',
    );
  });

  it('names odds that are not an object, and each missing figure of a match', () => {
    expect(problem(snapshot({ ...MATCH_STATE, odds: [2, 3, 4] }))).toBe(
      'snapshot.state.odds: expected an object, got an array',
    );
    expect(problem(snapshot({ ...MATCH_STATE, running: 'yes' }))).toBe(
      'snapshot.state.running: expected true or false, got the string "yes"',
    );
    expect(problem(snapshot({ ...MATCH_STATE, status: 'over' }))).toMatch(
      /^snapshot\.state\.status: expected one of scheduled, live, halftime, finished/,
    );
    expect(problem(snapshot({ ...MATCH_STATE, incidents: undefined }))).toMatch(
      /^snapshot\.state\.incidents: expected an array, got /,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
