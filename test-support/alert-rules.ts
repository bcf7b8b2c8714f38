/** A valid alert rule for tests: `ACME above 5` on last, once, enabled. A literal, not a parse,
 *  so a test file that imports it does not run the grammar while Vitest collects it (which
 *  would make every mutant the parse reaches "static" to Stryker). */
import type { AlertRule } from '../protocol/alerts';

export const SAMPLE_RULE: AlertRule = {
  id: 'r1',
  instrument: 'ACME',
  condition: { type: 'above', level: 5, price: 'last' },
  trigger: { mode: 'once' },
  expiresAt: null,
  note: '',
  enabled: true,
};
