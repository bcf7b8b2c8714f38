/**
 * Why a pending rule may wait for ever: with several sources every instrument is named by its
 * source (`sim:ACME`), so a rule on a bare `ACME` never matches one; and a sports rule on a
 * market (`match:ACME goal`), or a price rule on a match, watches what that instrument never
 * sends. The rule list says which names the feed has for it, or what kind the instrument is,
 * for the user to write the rule again.
 */
import { conditionTarget, type AlertRule } from '../../../protocol/alerts';
import type { Instrument } from '../../../protocol/feed-instruments';
import { parseInstrumentName } from '../../../protocol/source-names';

/** Names shown in a hint at most; more are said as a count. */
const MAX_NAMES_SHOWN = 3;

/** The feed's source-qualified ids by their bare id (`ACME` → `sim:ACME`, `sim-2:ACME`). */
export function qualifiedNames(ids: readonly string[]): ReadonlyMap<string, readonly string[]> {
  const byBare = new Map<string, string[]>();
  for (const id of ids) {
    const parsed = parseInstrumentName(id);
    if (!parsed.ok || parsed.source === null) continue;
    const names = byBare.get(parsed.id);
    if (names) names.push(id);
    else byBare.set(parsed.id, [id]);
  }
  return byBare;
}

/** What a pending rule on `instrument` says it may have meant; null when nothing. */
export function pendingHint(
  instrument: string,
  byBare: ReadonlyMap<string, readonly string[]>,
): string | null {
  const names = byBare.get(instrument);
  if (!names) return null;
  const more = names.length - MAX_NAMES_SHOWN;
  const shown = names.slice(0, MAX_NAMES_SHOWN).join(' or ');
  return `name it by its source: ${shown}${more > 0 ? ` (${more} more)` : ''}`;
}

/**
 * What a pending rule says when the feed has its instrument as the other kind (a goal rule on a
 * market, a price rule on a match); null when it does not.
 */
export function kindHint(
  rule: AlertRule,
  kinds: ReadonlyMap<string, Instrument['kind']>,
): string | null {
  const kind = kinds.get(rule.instrument);
  const target = conditionTarget(rule.condition.type);
  if (kind === undefined || target === 'feed') return null;
  if (kind === 'market' && target === 'match')
    return `${rule.instrument} is a market, not a match: a ${rule.condition.type} rule never fires on it`;
  if (kind === 'sports' && target === 'market')
    return `${rule.instrument} is a match, not a market: a price, spread or volume rule never fires on it`;
  return null;
}
