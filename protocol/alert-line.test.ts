import { describe, expect, it } from 'vitest';
import type { AlertRule } from './alerts';
import { formatAlertRule, parseAlertLine, type AlertLineContext } from './alert-line';
import { MAX_ALERT_NOTE_CHARS, MAX_ID_CHARS } from './limits';

const CTX: AlertLineContext = { id: 'r1', now: 1_000 };

/** The rule a line gives, or its error. */
const read = (line: string, context: AlertLineContext = CTX): AlertRule | string => {
  const r = parseAlertLine(line, context);
  return r.ok ? r.value : r.error;
};
const conditionOf = (line: string) => {
  const r = read(line);
  return typeof r === 'string' ? r : r.condition;
};

describe('parseAlertLine: numbers', () => {
  it('reads signs, decimals without a leading or trailing digit, and exponents', () => {
    const level = (token: string) => conditionOf(`ACME above ${token}`);
    expect(level('+5')).toEqual({ type: 'above', level: 5, price: 'last' });
    expect(level('-5')).toMatchObject({ level: -5 });
    expect(level('5.')).toMatchObject({ level: 5 });
    expect(level('.5')).toMatchObject({ level: 0.5 });
    expect(level('.25')).toMatchObject({ level: 0.25 });
    expect(level('1.25e3')).toMatchObject({ level: 1250 });
    expect(level('1E+3')).toMatchObject({ level: 1000 });
    expect(level('25e-1')).toMatchObject({ level: 2.5 });
  });

  it('refuses what Number() would read but the grammar does not', () => {
    for (const token of ['0x10', 'Infinity', '5x', 'x5', '1e', '.', '1_000', '5..'])
      expect(conditionOf(`ACME above ${token}`)).toBe(
        `level: expected a number at least -1000000000000000 and at most 1000000000000000, got "${token}"`,
      );
  });

  it('names the text typed and the bound for every number it refuses (bug 138)', () => {
    const LEVEL =
      'level: expected a number at least -1000000000000000 and at most 1000000000000000';
    // A double cannot hold these: they read as Infinity and 0, numbers never typed.
    expect(read('ACME above 1e400')).toBe(`${LEVEL}, got "1e400"`);
    expect(read('ACME above -1e400')).toBe(`${LEVEL}, got "-1e400"`);
    expect(read('ACME above 1e-400')).toBe(`${LEVEL}, got "1e-400"`);
    expect(read('ACME above NaN')).toBe(`${LEVEL}, got "NaN"`);
    expect(read('ACME above 5,5')).toBe(`${LEVEL}, got "5,5" (a decimal point, not a comma)`);
    expect(read('ACME above 2e15')).toBe(
      'level: expected at least -1000000000000000 and at most 1000000000000000, got "2e15"',
    );
    expect(read('ACME move-up-pct -0 10s')).toBe(
      'pct: expected more than 0 and at most 1000, got "-0"',
    );
    expect(read('ACME move-down-pct 1e-400 10s')).toBe(
      'pct: expected a number more than 0 and at most 100, got "1e-400"',
    );
    expect(read('match:m1 odds-move-pct home 0x10 1m')).toBe(
      'pct: expected a number more than 0 and at most 1000, got "0x10"',
    );
    expect(read('ACME volume-above 1e400 1m')).toMatch(
      /^volume: expected a number at least 0 .*, got "1e400"$/,
    );
    // Accepted: spaces around a number, a zero written with a sign or in small digits.
    expect(conditionOf('  ACME   above   5  ')).toMatchObject({ level: 5 });
    expect(Object.is((conditionOf('ACME above -0') as { level: number }).level, 0)).toBe(true);
    expect(conditionOf('ACME spread-above 0e-400')).toEqual({ type: 'spread-above', value: 0 });
  });

  it('names the condition whose value is missing', () => {
    expect(read('ACME above')).toBe('above: missing level');
    expect(read('ACME spread-above')).toBe('spread-above: missing value');
    expect(read('ACME volume-above')).toBe('volume-above: missing volume');
    expect(read('ACME move-up-pct')).toBe('move-up-pct: missing pct');
    expect(read('match:m1 odds-move-pct home')).toBe('odds-move-pct: missing pct');
  });
});

describe('parseAlertLine: conditions', () => {
  it('bounds a fall at 100 % and a rise at 1,000 %, above 0', () => {
    expect(conditionOf('ACME move-down-pct 100 1m')).toMatchObject({ pct: 100, windowMs: 60_000 });
    expect(read('ACME move-down-pct 100.5 1m')).toBe(
      'pct: expected more than 0 and at most 100, got "100.5"',
    );
    expect(conditionOf('ACME move-up-pct 1000 1m')).toEqual({
      type: 'move-up-pct',
      pct: 1000,
      windowMs: 60_000,
      price: 'last',
    });
    expect(read('ACME move-up-pct 1001 1m')).toBe(
      'pct: expected more than 0 and at most 1000, got "1001"',
    );
    expect(read('ACME move-up-pct 0 1m')).toBe(
      'pct: expected more than 0 and at most 1000, got "0"',
    );
  });

  it('names what is wrong with a window', () => {
    expect(read('ACME move-up-pct 5')).toBe('move-up-pct: missing window (e.g. 10s)');
    expect(read('ACME volume-above 5')).toBe('volume-above: missing window (e.g. 10s)');
    expect(read('match:m1 odds-move-pct home 5')).toBe('odds-move-pct: missing window (e.g. 10s)');
    expect(read('ACME move-up-pct 5 soon')).toBe(
      'window: expected a duration like 500ms, 10s, 5m or 1h, got "soon"',
    );
    expect(read('ACME move-up-pct 5 0s')).toBe(
      'window: expected a window from 1ms to 1h, got "0s"',
    );
    expect(read('ACME move-up-pct 5 2h')).toBe(
      'window: expected a window from 1ms to 1h, got "2h"',
    );
    expect(conditionOf('ACME move-up-pct 5 1ms')).toMatchObject({ windowMs: 1 });
    expect(conditionOf('ACME move-up-pct 5 1h')).toMatchObject({ windowMs: 3_600_000 });
  });

  it('reads spread and volume conditions, refusing negative values', () => {
    expect(conditionOf('ACME spread-above 0')).toEqual({ type: 'spread-above', value: 0 });
    expect(read('ACME spread-above -1')).toBe(
      'value: expected at least 0 and at most 1000000000000000, got "-1"',
    );
    expect(conditionOf('ACME volume-above 0 2m')).toEqual({
      type: 'volume-above',
      volume: 0,
      windowMs: 120_000,
    });
    expect(read('ACME volume-above -1 2m')).toMatch(/^volume: expected at least 0/);
  });

  it('reads the optional side of goals and red cards', () => {
    expect(conditionOf('match:m1 goal home')).toEqual({ type: 'goal', side: 'home' });
    expect(conditionOf('match:m1 red-card')).toEqual({ type: 'red-card', side: null });
  });

  it('names the side a goal or red card is given wrong, and what it may be (bug 248)', () => {
    expect(read('match:m1 goal left')).toBe(
      'side: expected home or away (or none, for either side), got "left"',
    );
    expect(read('match:m1 red-card Home every 1m')).toMatch(/^side: .* got "Home"$/);
    // An option word after a goal is the option, and after its side an unknown word is one.
    expect(read('match:m1 goal every 1m')).toMatchObject({ trigger: { mode: 'every' } });
    expect(read('match:m1 goal home left')).toBe(
      '"left": unexpected; options are on, once, every, expires, disabled, note',
    );
  });

  it('needs a phase and an outcome, and names the choices', () => {
    expect(conditionOf('match:m1 status kickoff')).toEqual({ type: 'status', phase: 'kickoff' });
    expect(read('match:m1 status')).toBe(
      'phase: expected one of kickoff, half-time, full-time, suspended, called-off, got ""',
    );
    expect(conditionOf('match:m1 odds-move-pct away 7.5 30s')).toEqual({
      type: 'odds-move-pct',
      outcome: 'away',
      pct: 7.5,
      windowMs: 30_000,
    });
    expect(read('match:m1 odds-move-pct tie 5 1m')).toBe(
      'outcome: expected one of home, draw, away, got "tie"',
    );
    expect(read('match:m1 odds-move-pct home 0 1m')).toMatch(/^pct: expected more than 0/);
  });

  it('takes a disconnection from 1 ms to a day', () => {
    expect(conditionOf('feed disconnected-for 1ms')).toEqual({
      type: 'disconnected-for',
      durationMs: 1,
    });
    expect(conditionOf('feed disconnected-for 24h')).toMatchObject({ durationMs: 86_400_000 });
    const expected = (got: string) =>
      `duration: expected a duration from 1ms to 24h like 30s, got ${got}`;
    expect(read('feed disconnected-for')).toBe(expected('""'));
    expect(read('feed disconnected-for 0s')).toBe(expected('"0s"'));
    expect(read('feed disconnected-for 25h')).toBe(expected('"25h"'));
    expect(read('feed disconnected-for soon')).toBe(expected('"soon"'));
  });

  it('reads the feed conditions with no values, and lists the conditions it knows', () => {
    expect(conditionOf('feed stalled')).toEqual({ type: 'stalled' });
    expect(conditionOf('* gap')).toEqual({ type: 'gap' });
    expect(read('ACME teleport')).toBe(
      'condition: unknown condition "teleport" (expected one of above, below, crosses-up, ' +
        'crosses-down, move-up-pct, move-down-pct, spread-above, volume-above, goal, red-card, ' +
        'status, odds-move-pct, stalled, disconnected-for, gap)',
    );
  });
});

describe('parseAlertLine: targets', () => {
  it('says which target a condition needs', () => {
    expect(read('ACME stalled')).toBe('target: "ACME" does not fit "stalled" (it needs "feed")');
    expect(read('feed goal')).toBe('target: "feed" does not fit "goal" (it needs match:<id>)');
    expect(read('match:m1 above 5')).toBe(
      'target: "match:m1" does not fit "above" (it needs an instrument id)',
    );
    expect(read('match:m1 stalled')).toMatch(/\(it needs "feed"\)$/);
  });

  it('lets a match condition name a match by its bare id', () => {
    expect(read('m1 goal')).toMatchObject({ instrument: 'm1', condition: { type: 'goal' } });
  });

  it('takes ids of up to 256 characters, with or without match:', () => {
    const id = 'x'.repeat(MAX_ID_CHARS);
    expect(read(`${id} above 5`)).toMatchObject({ instrument: id });
    expect(read(`match:${id} goal`)).toMatchObject({ instrument: id });
    const tooLong = `${id}x`;
    expect(read(`${tooLong} above 5`)).toBe(
      `target: expected an id of 1 to 256 characters, got "${'x'.repeat(40)}…"`,
    );
    expect(read(`match:${tooLong} goal`)).toMatch(/^target: expected an id of 1 to 256/);
  });

  it('reads a prefix naming one of the sources as part of the instrument id', () => {
    const sources = { ...CTX, sources: ['kraken', 'Demo-1'] };
    expect(read('kraken:BTC/USD above 5', sources)).toMatchObject({ instrument: 'kraken:BTC/USD' });
    expect(read('Demo-1:ACME above 5', sources)).toMatchObject({ instrument: 'Demo-1:ACME' });
    expect(read('kraken:BTC/USD above 5')).toBe(
      'target: unknown kind "kraken:" (expected an instrument id, match:<id> or feed)',
    );
    expect(read(`kraken:${'x'.repeat(MAX_ID_CHARS)} above 5`, sources)).toMatch(
      /^target: expected an id of 1 to 256 characters/,
    );
  });

  it('reads an upper-case prefix as part of a plain instrument id, not as a kind', () => {
    expect(read('Kraken:BTC/USD above 5')).toMatchObject({ instrument: 'Kraken:BTC/USD' });
  });

  it('takes a source-prefixed id of exactly 256 characters', () => {
    const id = `kraken:${'x'.repeat(MAX_ID_CHARS - 'kraken:'.length)}`;
    expect(read(`${id} above 5`, { ...CTX, sources: ['kraken'] })).toMatchObject({
      instrument: id,
    });
  });

  it('keeps match: for matches even where a source has that name', () => {
    const sources = { ...CTX, sources: ['match'] };
    expect(read('match:m1 goal', sources)).toMatchObject({ instrument: 'm1' });
  });
});

describe('parseAlertLine: options', () => {
  it('chooses the price of a price condition, and only of one', () => {
    expect(conditionOf('ACME above 5 on mid')).toMatchObject({ price: 'mid' });
    expect(conditionOf('ACME move-up-pct 5 1m on last')).toMatchObject({ price: 'last' });
    expect(read('ACME above 5 on')).toBe('on: expected last or mid, got ""');
    expect(read('ACME spread-above 1 on mid')).toBe('on: "spread-above" has no price to choose');
  });

  it('takes a cooldown from 0 s to a day', () => {
    expect(read('ACME above 5 every 0s')).toMatchObject({
      trigger: { mode: 'every', cooldownMs: 0 },
    });
    expect(read('ACME above 5 every 24h')).toMatchObject({
      trigger: { mode: 'every', cooldownMs: 86_400_000 },
    });
    expect(read('ACME above 5 every 25h')).toBe(
      'every: expected a cooldown from 0s to 24h like 30s, got "25h"',
    );
    expect(read('ACME above 5 every')).toBe(
      'every: expected a cooldown from 0s to 24h like 30s, got ""',
    );
  });

  it('refuses a part given twice, naming both words, rather than keep the last', () => {
    expect(read('ACME above 5 every 1m once')).toBe('trigger: given twice ("every", then "once")');
    expect(read('ACME above 5 once once')).toBe('trigger: given twice ("once", then "once")');
    expect(read('ACME above 5 on mid on last')).toBe('price: given twice ("on", then "on")');
    expect(read('ACME above 5 expires 1h expires 2h')).toBe(
      'expiry: given twice ("expires", then "expires")',
    );
    expect(read('ACME above 5 disabled disabled')).toBe(
      'disabled: given twice ("disabled", then "disabled")',
    );
    expect(read('ACME above 5 every 1m expires 1h on mid disabled')).toMatchObject({
      trigger: { mode: 'every', cooldownMs: 60_000 },
      enabled: false,
    });
  });

  it('sets the expiry from the clock it is given, up to a year (366 days) ahead', () => {
    expect(read('ACME above 5 expires 1ms', { id: 'r9', now: 50_000 })).toMatchObject({
      id: 'r9',
      expiresAt: 50_001,
    });
    expect(read('ACME above 5 expires 8784h')).toMatchObject({
      expiresAt: 1_000 + 366 * 86_400_000,
    });
    const expected = (got: string) =>
      `expires: expected a duration from now like 2h, at most a year, got ${got}`;
    expect(read('ACME above 5 expires 8785h')).toBe(expected('"8785h"'));
    expect(read('ACME above 5 expires 0s')).toBe(expected('"0s"'));
    expect(read('ACME above 5 expires')).toBe(expected('""'));
  });

  it('reads a rule as enabled unless it says disabled', () => {
    expect(read('ACME above 5')).toMatchObject({ enabled: true, expiresAt: null });
    expect(read('ACME above 5 disabled')).toMatchObject({ enabled: false });
  });
});

describe('parseAlertLine: the note and the spacing', () => {
  it('splits on any run of white space', () => {
    expect(read('  ACME \t above   5  ')).toMatchObject({
      instrument: 'ACME',
      condition: { level: 5 },
    });
  });

  it('keeps the text after "note" as written, inner spaces included', () => {
    expect(read('ACME above 5 note  buy  it  ')).toMatchObject({ note: 'buy  it' });
    expect(read('ACME above 5 note')).toMatchObject({ note: '' });
    expect(read('ACME above 5 note on mid every 1m')).toMatchObject({
      condition: { price: 'last' },
      trigger: { mode: 'once' },
      note: 'on mid every 1m',
    });
  });

  it('reads "note" only as a word of its own', () => {
    expect(read('ACME above 5 notes')).toBe(
      '"notes": unexpected; options are on, once, every, expires, disabled, note',
    );
    expect(read('denote above 5')).toMatchObject({ instrument: 'denote', note: '' });
  });

  it('takes a note of up to 500 characters and says how long a longer one is', () => {
    expect(read(`ACME above 5 note ${'n'.repeat(MAX_ALERT_NOTE_CHARS)}`)).toMatchObject({
      note: 'n'.repeat(MAX_ALERT_NOTE_CHARS),
    });
    expect(read(`ACME above 5 note ${'n'.repeat(MAX_ALERT_NOTE_CHARS + 1)}`)).toBe(
      'note: longer than 500 characters (501)',
    );
  });

  it('reads a line that starts with "note" as a rule with no target, its note measured alone', () => {
    const empty = 'alert: empty; expected "<target> <condition> [values]"';
    expect(read('note hi')).toBe(empty);
    expect(read(`note ${'n'.repeat(MAX_ALERT_NOTE_CHARS)}`)).toBe(empty);
    expect(read(`note ${'n'.repeat(MAX_ALERT_NOTE_CHARS + 1)}`)).toBe(
      'note: longer than 500 characters (501)',
    );
  });

  it('names the target a condition is missing after', () => {
    expect(read('ACME')).toBe('condition: missing after "ACME"');
    expect(read('')).toBe('alert: empty; expected "<target> <condition> [values]"');
  });
});

describe('formatAlertRule', () => {
  it('writes every condition back as the line that reads it', () => {
    for (const line of [
      'ACME above -2.5',
      'ACME below 0.001',
      'ACME crosses-up 100',
      'ACME move-up-pct 250 1h',
      'ACME spread-above 0.25',
      'ACME volume-above 10 1500ms',
      'match:m1 goal away',
      'match:m1 red-card',
      'match:m1 status full-time',
      'match:m1 odds-move-pct draw 3 45s',
      'feed stalled',
      'feed gap',
      'feed disconnected-for 2m',
      'ACME move-down-pct 5 10s on mid every 0s',
    ]) {
      const r = parseAlertLine(line, CTX);
      expect(r.ok && formatAlertRule(r.value)).toBe(line);
    }
  });

  it('leaves out the default price, the expiry, the state and the note', () => {
    const r = parseAlertLine('ACME above 5 on last once expires 1h disabled note hi', CTX);
    expect(r.ok && formatAlertRule(r.value)).toBe('ACME above 5');
  });
});
