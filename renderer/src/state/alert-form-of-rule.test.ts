import { describe, expect, it } from 'vitest';
import { parseAlertLine } from '../../../protocol/alert-line';
import { ruleFromForm } from './alert-form';
import { formOfRule } from './alert-form-of-rule';

const NOW = new Date(2026, 11, 7, 15, 0, 0).getTime();

describe('formOfRule (bug 205)', () => {
  it('fills the form so that saving it unchanged gives the same rule, for every condition', () => {
    for (const line of [
      'ACME crosses-down 92.5 on mid every 30s note stop, then "think"',
      'ACME move-up-pct 2.5 90s',
      'ACME spread-above 0.05 every 1m',
      'ACME volume-above 5000 5m',
      'kraken:BTC/USD below 60000 expires 3h',
      'match:m1 goal home',
      'match:m1 red-card',
      'match:m1 status half-time',
      'match:m1 odds-move-pct draw 10 30s every 5m',
      'feed disconnected-for 30s',
      'feed stalled disabled',
      'feed gap',
    ]) {
      const parsed = parseAlertLine(line, { id: 'r1', now: NOW, sources: ['kraken'] });
      if (!parsed.ok) throw new Error(parsed.error);
      const rule = parsed.value;
      const again = ruleFromForm(formOfRule(rule, NOW), 'other', NOW + 5_000, rule);
      expect(again, line).toEqual({ ok: true, value: rule });
    }
  });
});
