import { describe, expect, it } from 'vitest';
import type { AlertRule } from './alerts';
import { checkAlertRule, readAlertRules } from './alert-check';
import { formatAlertRule, parseAlertLine } from './alert-line';
import { readSettings } from './settings-read';
import { MAX_ALERT_NOTE_CHARS } from './limits';
import { SAMPLE_RULE } from '../test-support/alert-rules';

const CTX = { id: 'r1', now: 1_000 };
const parse = (line: string) => parseAlertLine(line, CTX);
const errorOf = (line: string): string => {
  const r = parse(line);
  if (r.ok) throw new Error(`expected "${line}" to be refused`);
  return r.error;
};

describe('parseAlertLine', () => {
  it('reads the examples of the --alert grammar', () => {
    expect(parse('ACME move-down-pct 5 10s')).toEqual({
      ok: true,
      value: {
        id: 'r1',
        instrument: 'ACME',
        condition: { type: 'move-down-pct', pct: 5, windowMs: 10_000, price: 'last' },
        trigger: { mode: 'once' },
        expiresAt: null,
        note: '',
        enabled: true,
      },
    });
    expect(parse('ACME crosses-down 92.5')).toMatchObject({
      ok: true,
      value: { condition: { type: 'crosses-down', level: 92.5, price: 'last' } },
    });
    expect(parse('match:m1 goal')).toMatchObject({
      ok: true,
      value: { instrument: 'm1', condition: { type: 'goal', side: null } },
    });
    expect(parse('feed stalled')).toMatchObject({
      ok: true,
      value: { instrument: '*', condition: { type: 'stalled' } },
    });
  });

  it('reads options: price source, trigger, expiry, disabled and a note with spaces', () => {
    const r = parse(
      'BTC/USD above 100000 on mid every 30s expires 2h disabled note take profit now',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'r1',
        instrument: 'BTC/USD',
        condition: { type: 'above', level: 100_000, price: 'mid' },
        trigger: { mode: 'every', cooldownMs: 30_000 },
        expiresAt: 1_000 + 7_200_000,
        note: 'take profit now',
        enabled: false,
      },
    });
  });

  it('reads every sports and feed condition', () => {
    expect(parse('match:m1 red-card away').ok).toBe(true);
    expect(parse('match:m1 status half-time').ok).toBe(true);
    expect(parse('match:m1 odds-move-pct draw 10 1m').ok).toBe(true);
    expect(parse('feed disconnected-for 30s')).toMatchObject({
      ok: true,
      value: { condition: { type: 'disconnected-for', durationMs: 30_000 } },
    });
    expect(parse('feed gap').ok).toBe(true);
    expect(parse('ACME spread-above 0.5').ok).toBe(true);
    expect(parse('ACME volume-above 10000 1m').ok).toBe(true);
  });

  it('names the part that is wrong', () => {
    expect(errorOf('ACME dances 5')).toMatch(/^condition: unknown condition "dances"/);
    expect(errorOf('ACME move-down-pct 5 -10s')).toMatch(/^window: expected a duration/);
    expect(errorOf('ACME move-down-pct 5')).toMatch(/missing window/);
    expect(errorOf('ACME crosses-down NaN')).toMatch(
      /^level: expected a number at least .*, got "NaN"/,
    );
    expect(errorOf('ACME above 1e300')).toMatch(/^level: expected at least/);
    expect(errorOf('ACME move-down-pct 0 10s')).toMatch(/^pct: expected more than 0/);
    expect(errorOf('ACME move-down-pct 150 10s')).toMatch(/^pct: .*at most 100/);
    expect(errorOf('ACME move-down-pct 5 2h')).toMatch(/^window: .*1h/);
    expect(errorOf('venue:ACME above 5')).toMatch(/^target: unknown kind "venue:"/);
    expect(errorOf('match: goal')).toMatch(/^target: expected an id/);
    expect(errorOf('feed above 5')).toMatch(/^target: "feed" does not fit "above"/);
    expect(errorOf('ACME stalled')).toMatch(/^target: "ACME" does not fit "stalled"/);
    expect(errorOf('match:m1 above 5')).toMatch(/^target: "match:m1" does not fit/);
    expect(errorOf('ACME above 5 every soon')).toMatch(/^every: expected a cooldown/);
    expect(errorOf('ACME above 5 loudly')).toMatch(/^"loudly": unexpected/);
    expect(errorOf('ACME above 5 on bid')).toMatch(/^on: expected last or mid/);
    expect(errorOf('match:m1 status lunch')).toMatch(/^phase: expected one of kickoff/);
    expect(errorOf('ACME')).toMatch(/^condition: missing/);
    expect(errorOf('   ')).toMatch(/^alert: empty/);
    expect(errorOf(`ACME above 5 note ${'x'.repeat(100_000)}`)).toMatch(/^note: longer than 500/);
  });

  it('round-trips through formatAlertRule', () => {
    for (const line of [
      'ACME move-down-pct 5 10s',
      'ACME crosses-down 92.5',
      'match:m1 goal',
      'match:m1 odds-move-pct home 12.5 2m',
      'feed disconnected-for 45s',
      'ACME above 101 on mid every 1m',
      'ACME volume-above 5000 500ms',
    ]) {
      const r = parse(line);
      expect(r.ok && formatAlertRule(r.value)).toBe(line);
    }
  });
});

describe('checkAlertRule and readAlertRules', () => {
  const good: AlertRule = SAMPLE_RULE;

  it('names the rule in its error', () => {
    expect(
      checkAlertRule({ ...good, condition: { type: 'above', level: Number.NaN, price: 'last' } }),
    ).toEqual({ ok: false, error: 'alert "r1": level: expected a number, got NaN' });
    expect(checkAlertRule({ ...good, note: 'x'.repeat(MAX_ALERT_NOTE_CHARS + 1) })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^alert "r1": note/),
    });
    expect(checkAlertRule({ ...good, id: 'has space' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^alert rule: id/),
    });
    expect(
      checkAlertRule({
        ...good,
        condition: { type: 'move-up-pct', pct: 5, windowMs: -1, price: 'last' },
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^alert "r1": window/) });
  });

  it('skips bad and duplicate rules and keeps the others', () => {
    const bad = { ...good, id: 'bad', condition: { type: 'teleport' } };
    const other = { ...good, id: 'r2' };
    const { rules, problems } = readAlertRules([good, bad, other, { ...good }], 100);
    expect(rules.map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(problems).toEqual([
      expect.stringMatching(
        /^alerts: rule 2: alert "bad": condition: unknown condition "teleport"/,
      ),
      'alerts: rule 4: alert "r1": id used twice; skipped',
    ]);
  });

  it('lets readSettings load the good rules beside a bad one, and the other settings', () => {
    const { settings, problems } = readSettings({
      theme: 'light',
      alerts: [good, { ...good, id: 'neg', condition: { type: 'gap' } }],
    });
    expect(settings.theme).toBe('light');
    expect(settings.alerts).toEqual([good]);
    expect(problems).toEqual([expect.stringMatching(/alert "neg": instrument: "gap" is a feed/)]);
  });
});
