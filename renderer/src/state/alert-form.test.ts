import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../protocol/alerts';
import { draftPrice, levelDraft, ruleFromForm, takesPrice, takesWindow } from './alert-form';
import { formOfRule } from './alert-form-of-rule';
import { sourcesOf } from './alert-form-line';

const FIELDS = {
  instrument: 'ACME',
  value: '',
  window: '10s',
  trigger: 'once',
  price: 'last',
  expires: '',
  note: '',
} as const;

describe('ruleFromForm', () => {
  it('builds the rule the --alert grammar gives for the same words', () => {
    const r = ruleFromForm({ ...FIELDS, condition: 'move-down-pct', value: '5' }, 'ui-1', 0);
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'ui-1',
        instrument: 'ACME',
        condition: { type: 'move-down-pct', pct: 5, windowMs: 10_000, price: 'last' },
        trigger: { mode: 'once' },
        expiresAt: null,
        note: '',
        enabled: true,
      },
    });
  });

  it('leaves the window out where the condition has none, and the instrument for feed rules', () => {
    const level = ruleFromForm({ ...FIELDS, condition: 'crosses-down', value: '92.5' }, 'a', 0);
    expect(level.ok && level.value.condition).toEqual({
      type: 'crosses-down',
      level: 92.5,
      price: 'last',
    });
    const feed = ruleFromForm({ ...FIELDS, condition: 'stalled', trigger: 'every 1m' }, 'b', 0);
    expect(feed.ok && [feed.value.instrument, feed.value.trigger]).toEqual([
      '*',
      { mode: 'every', cooldownMs: 60_000 },
    ]);
    const goal = ruleFromForm(
      { ...FIELDS, instrument: 'm1', condition: 'goal', value: 'home' },
      'c',
      0,
    );
    expect(goal.ok && goal.value.condition).toEqual({ type: 'goal', side: 'home' });
    expect(takesWindow('crosses-down')).toBe(false);
  });

  it('watches the mid where asked, on the price conditions only', () => {
    const move = ruleFromForm(
      { ...FIELDS, condition: 'move-up-pct', value: '2', price: 'mid' },
      'a',
      0,
    );
    expect(move.ok && move.value.condition).toEqual({
      type: 'move-up-pct',
      pct: 2,
      windowMs: 10_000,
      price: 'mid',
    });
    const cross = ruleFromForm({ ...FIELDS, condition: 'above', value: '5', price: 'mid' }, 'b', 0);
    expect(cross.ok && cross.value.condition).toEqual({ type: 'above', level: 5, price: 'mid' });
    // A spread has no price to choose: the field is off, and what it holds is not sent.
    const spread = ruleFromForm(
      { ...FIELDS, condition: 'spread-above', value: '0.5', price: 'mid' },
      'c',
      0,
    );
    expect(spread.ok && spread.value.condition).toEqual({ type: 'spread-above', value: 0.5 });
    expect(
      ['above', 'move-down-pct', 'spread-above', 'goal'].map((c) => takesPrice(c as never)),
    ).toEqual([true, true, false, false]);
  });

  it('takes an instrument named by its source, as the watchlist names it with several sources', () => {
    for (const instrument of ['sim:ACME', 'kraken:BTC/USD', 'replay:sim:ACME']) {
      const r = ruleFromForm({ ...FIELDS, instrument, condition: 'above', value: '5' }, 'a', 0);
      expect(r.ok && r.value.instrument).toBe(instrument);
    }
  });

  it('names the wrong part: level, window, missing instrument', () => {
    const bad = (over: object) => {
      const r = ruleFromForm(
        { ...FIELDS, condition: 'move-down-pct', value: '5', ...over },
        'x',
        0,
      );
      return r.ok ? 'ok' : r.error;
    };
    expect(bad({ condition: 'below', value: 'NaN' })).toMatch(/^level: expected a number/);
    expect(bad({ window: '-10s' })).toMatch(/^window: /);
    expect(bad({ instrument: '  ' })).toMatch(/^instrument: needed/);
  });

  it('quotes the Value as typed with its bound when a double cannot hold it (bug 138)', () => {
    const bad = (value: string) => {
      const r = ruleFromForm({ ...FIELDS, condition: 'above', value }, 'x', 0);
      return r.ok ? r.value.condition : r.error;
    };
    for (const value of ['1e400', '1e-400', '0x10', '5,5', 'NaN'])
      expect(bad(value)).toMatch(
        new RegExp(
          `^level: expected a number at least -1000000000000000 and at most 1000000000000000, got "${value}"`,
        ),
      );
    expect(bad('  5 ')).toMatchObject({ level: 5 });
  });

  it('takes a match named as the rule list names it, match:m1, for the match m1', () => {
    const r = ruleFromForm({ ...FIELDS, condition: 'goal', instrument: ' match:m1 ' }, 'x', 0);
    expect(r).toMatchObject({ ok: true, value: { instrument: 'm1' } });
  });

  it('says a spaced instrument is the instrument that is wrong, not the condition', () => {
    const r = ruleFromForm(
      { ...FIELDS, condition: 'above', instrument: 'AC ME', value: '1' },
      'x',
      0,
    );
    expect(r).toEqual({ ok: false, error: 'instrument: an id has no spaces, got "AC ME"' });
  });

  it('takes any cooldown the grammar does in the Trigger, bounded, and nothing more (bug 247)', () => {
    const made = (trigger: string) => {
      const r = ruleFromForm({ ...FIELDS, condition: 'above', value: '5', trigger }, 'x', 0);
      return r.ok ? r.value : r.error;
    };
    expect(made(' every 45s ')).toMatchObject({ trigger: { mode: 'every', cooldownMs: 45_000 } });
    expect(made('every 0s')).toMatchObject({ trigger: { mode: 'every', cooldownMs: 0 } });
    expect(made('every 25h')).toMatch(
      /^every: expected a cooldown from 0s to 24h like 30s, got "25h"/,
    );
    // Typed, more words were read as the rule's other parts: an expiry the Expires field lacked.
    expect(made('every 1m expires 1h')).toBe(
      'trigger: expected once or every <cooldown> up to 24h (like every 30s), got "every 1m expires 1h"',
    );
    expect(made('sometimes')).toMatch(/^trigger: expected once or every <cooldown>/);
    expect(made('')).toMatch(/^trigger: .* got ""$/);
  });

  it('takes no grammar words in the value: the trigger and price are their fields’ own', () => {
    const made = (over: object) => {
      const r = ruleFromForm({ ...FIELDS, condition: 'above', ...over }, 'x', 0);
      return r.ok ? r.value : r.error;
    };
    expect(made({ value: '5 every 1s' })).toBe(
      'value: "above" takes one value, got "5 every 1s" (the window, price and trigger have fields of their own)',
    );
    // Before, the note took the Price and Trigger chosen: a rule once, noted "x on mid every 1m".
    expect(made({ value: '5 note x', price: 'mid', trigger: 'every 1m' })).toMatch(
      /^value: "above" takes one value/,
    );
    expect(made({ condition: 'stalled', value: 'now' })).toMatch(
      /^value: "stalled" takes no value/,
    );
    expect(made({ condition: 'odds-move-pct', instrument: 'm1', value: 'home 2' })).toMatchObject({
      condition: { type: 'odds-move-pct', outcome: 'home', pct: 2 },
    });
    expect(made({ condition: 'goal', instrument: 'm1', value: ' home ' })).toMatchObject({
      condition: { type: 'goal', side: 'home' },
    });
  });
});

describe('ruleFromForm: what the grammar splice would hide', () => {
  const made = (over: object, sources: readonly string[] | null = null) => {
    const r = ruleFromForm({ ...FIELDS, condition: 'above', ...over }, 'x', 0, null, sources);
    return r.ok ? r.value : r.error;
  };

  it('names a value missing its words, not the next field as the part wrong (bug 212)', () => {
    expect(made({ condition: 'odds-move-pct', instrument: 'm1', value: 'home' })).toBe(
      'value: "odds-move-pct" needs outcome and percent, e.g. home 10, got "home"',
    );
    expect(made({ value: '' })).toBe('value: "above" needs level');
    expect(made({ condition: 'move-down-pct', value: ' ' })).toBe(
      'value: "move-down-pct" needs percent, e.g. 5',
    );
    expect(made({ condition: 'goal', instrument: 'm1', value: '' })).toMatchObject({
      condition: { type: 'goal', side: null },
    });
  });

  it('refuses a source the feed does not have, as --alert does (bug 211)', () => {
    expect(made({ instrument: 'nope:ACME', value: '5' }, [])).toBe(
      'instrument: no source is named "nope" (the feed\'s instruments are not named by source)',
    );
    expect(made({ instrument: 'nope:ACME', value: '5' }, ['sim', 'kraken'])).toBe(
      'instrument: no source is named "nope" (the feed\'s sources are sim, kraken)',
    );
    expect(made({ instrument: 'kraken:BTC/USD', value: '5' }, ['sim', 'kraken'])).toMatchObject({
      instrument: 'kraken:BTC/USD',
    });
    expect(sourcesOf(['sim:ACME', 'kraken:BTC/USD', 'sim:BOLT', 'ACME'])).toEqual([
      'sim',
      'kraken',
    ]);
  });
});

describe('ruleFromForm: note, expiry and edits (bug 205)', () => {
  const NOW = new Date(2026, 11, 7, 15, 0, 0).getTime();
  const made = (over: object, editing: AlertRule | null = null) => {
    const r = ruleFromForm(
      { ...FIELDS, condition: 'above', value: '5', ...over },
      'ui-new',
      NOW,
      editing,
    );
    return r.ok ? r.value : r.error;
  };

  it('takes a note of any words, the grammar words too, and an expiry', () => {
    expect(made({ note: ' take profit; note the every 5m ', expires: '2h' })).toMatchObject({
      note: 'take profit; note the every 5m',
      expiresAt: NOW + 7_200_000,
      trigger: { mode: 'once' },
    });
  });

  it('names a note too long and an expiry it cannot read, saving nothing', () => {
    expect(made({ note: 'x'.repeat(100 * 1024) })).toBe(
      'note: longer than 500 characters (102400)',
    );
    expect(made({ expires: '09:00' })).toBe('expires: 09:00 has passed (local time)');
  });

  it('keeps an edited rule’s id, enabled state and expiry, a passed one too, while unchanged', () => {
    const saved: AlertRule = {
      id: 'ui-old',
      instrument: 'ACME',
      condition: { type: 'above', level: 5, price: 'last' },
      trigger: { mode: 'once' },
      expiresAt: NOW - 60_123,
      note: 'was',
      enabled: false,
    };
    const fields = formOfRule(saved, NOW);
    expect(made({ ...fields, note: 'now' }, saved)).toEqual({ ...saved, note: 'now' });
    expect(made({ ...fields, expires: '' }, saved)).toMatchObject({ expiresAt: null });
  });
});

describe('levelDraft', () => {
  it('asks for a crossing up to a level above the price, down to one below', () => {
    expect(levelDraft('ACME', 110, 100, 'last')).toEqual({
      instrument: 'ACME',
      condition: 'crosses-up',
      value: '110',
      price: 'last',
    });
    expect(levelDraft('ACME', 90, 100, 'last').condition).toBe('crosses-down');
    expect(levelDraft('ACME', 90, undefined, 'last').condition).toBe('crosses-down');
  });

  it('drafts a rule on the mid for an instrument that has not traded', () => {
    expect(draftPrice({ volume: 1200 })).toBe('last');
    expect(draftPrice({ volume: 0 })).toBe('mid');
    expect(draftPrice(undefined)).toBe('mid');
  });
});
