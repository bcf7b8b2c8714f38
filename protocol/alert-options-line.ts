/**
 * The options of the one-line alert grammar (alert-line.ts), the tokens after the condition
 * and its values: `on last|mid`, `once`, `every <cooldown>`, `expires <duration>`, `disabled`,
 * each part at most once.
 */
import {
  formatDuration,
  parseDurationMs,
  PRICE_SOURCES,
  SIDES,
  type AlertChecked,
  type AlertCondition,
  type AlertTrigger,
  type PriceSource,
} from './alerts';
import { fail, show } from './alert-field-checks';
import { MAX_ALERT_COOLDOWN_MS, MAX_ALERT_EXPIRY_MS } from './limits';

/** What a rule's options set: its condition with the price chosen, trigger, expiry, enabled. */
export interface AlertLineOptions {
  readonly condition: AlertCondition;
  readonly trigger: AlertTrigger;
  readonly expiresAt: number | null;
  readonly enabled: boolean;
}

/** The part of a rule each option word gives. */
const OPTION_PARTS: ReadonlyMap<string, string> = new Map([
  ['on', 'price'],
  ['once', 'trigger'],
  ['every', 'trigger'],
  ['expires', 'expiry'],
  ['disabled', 'disabled'],
]);

/**
 * Reads the option `tokens` (consumed) of a rule whose condition, written `type`, is
 * `condition`; `now` turns `expires 1h` into a time. The error names the part that is wrong.
 */
export function parseOptions(
  tokens: string[],
  condition: AlertCondition,
  type: string,
  now: number,
): AlertChecked<AlertLineOptions> {
  let c = condition;
  let trigger: AlertTrigger = { mode: 'once' };
  let expiresAt: number | null = null;
  let enabled = true;
  // Each part once: "every 10s once" or "on mid on last" would otherwise keep the last
  // silently, and the rule would not do what one of its words says.
  const given = new Map<string, string>();
  // A word right after a goal or red card without its side is that side mistyped (`goal left`).
  const sideless = (c.type === 'goal' || c.type === 'red-card') && c.side === null;
  if (sideless && tokens.length > 0 && !OPTION_PARTS.has(tokens[0]!))
    return fail(
      `side: expected ${SIDES.join(' or ')} (or none, for either side), got ${show(tokens[0]!)}`,
    );
  while (tokens.length > 0) {
    const option = tokens.shift() as string;
    const part = OPTION_PARTS.get(option);
    const first = part === undefined ? undefined : given.get(part);
    if (first !== undefined)
      return fail(`${part}: given twice (${show(first)}, then ${show(option)})`);
    if (part !== undefined) given.set(part, option);
    if (option === 'on') {
      const price = tokens.shift() as PriceSource | undefined;
      if (!('price' in c)) return fail(`on: "${type}" has no price to choose`);
      if (price === undefined || !PRICE_SOURCES.includes(price))
        return fail(`on: expected ${PRICE_SOURCES.join(' or ')}, got ${show(price ?? '')}`);
      c = { ...c, price };
    } else if (option === 'once') trigger = { mode: 'once' };
    else if (option === 'every') {
      const token = tokens.shift();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms > MAX_ALERT_COOLDOWN_MS)
        return fail(
          `every: expected a cooldown from 0s to ${formatDuration(MAX_ALERT_COOLDOWN_MS)} like 30s, got ${show(token ?? '')}`,
        );
      trigger = { mode: 'every', cooldownMs: ms };
    } else if (option === 'expires') {
      const token = tokens.shift();
      const ms = token === undefined ? null : parseDurationMs(token);
      if (ms === null || ms <= 0 || ms > MAX_ALERT_EXPIRY_MS)
        return fail(
          `expires: expected a duration from now like 2h, at most a year, got ${show(token ?? '')}`,
        );
      expiresAt = now + ms;
    } else if (option === 'disabled') enabled = false;
    else
      return fail(
        `${show(option)}: unexpected; options are on, once, every, expires, disabled, note`,
      );
  }
  return { ok: true, value: { condition: c, trigger, expiresAt, enabled } };
}
