/**
 * A consumer's interest: what one page (window, browser page, popped-out panel) shows, so its
 * batches carry full detail (series points, bars) only for that, and compact rows for every
 * other instrument at a lower rate. The page sends it on its batch path, beside its acks,
 * whenever what it shows changes; a consumer that never declares one gets every instrument in
 * full. ARCHITECTURE.md ("Batches") and docs/PROTOCOL.md ("Page messages") describe it.
 */
import { MAX_DEPTH_VIEW_LEVELS } from './batch';
import { MAX_ID_CHARS, MAX_INTEREST_CHARTED, MAX_INTEREST_ROWS } from './limits';

/** Book levels a side sent for the selected instrument when an interest does not say. */
export const DEFAULT_DEPTH_LEVELS = 10;

/** What a page shows. Ids that name no instrument are allowed (the list may be changing). */
export interface Interest {
  /** Watchlist rows in view, widened by the overscan, at most {@link MAX_INTEREST_ROWS}. */
  readonly rows: readonly string[];
  /** Instruments on charts, at most {@link MAX_INTEREST_CHARTED}. */
  readonly charted: readonly string[];
  /**
   * The selected instrument, or null: its order book and trade tape travel in this consumer's
   * batches (`Batch.depth`), and no other instrument's.
   */
  readonly selected: string | null;
  /**
   * How instruments outside the interest travel: `compact` rows about twice a second (the
   * default; a watchlist sorts and searches by them), or `none` at all (a popped-out chart
   * shows one instrument and needs nothing of the other thousand).
   */
  readonly others?: InterestOthers;
  /**
   * Book levels a side the page shows of `selected`, 1 to {@link MAX_DEPTH_VIEW_LEVELS};
   * absent: {@link DEFAULT_DEPTH_LEVELS}.
   */
  readonly depthLevels?: number;
}

/** See {@link Interest.others}. */
export type InterestOthers = 'compact' | 'none';

/** Page -> host: the page's interest, replacing the one it declared before. */
export interface InterestMessage extends Interest {
  readonly type: 'interest';
}

/** An interest, or a message naming the field and the problem. */
export type CheckedInterest =
  | { readonly ok: true; readonly value: InterestMessage }
  | { readonly ok: false; readonly error: string };

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;
}

function checkIds(field: string, v: unknown, max: number): string | null {
  if (!Array.isArray(v)) return `interest.${field}: expected a list of instrument ids`;
  if (v.length > max) return `interest.${field}: ${v.length} ids, at most ${max} allowed`;
  const bad = v.findIndex((id) => !isId(id));
  return bad < 0
    ? null
    : `interest.${field}[${bad}]: expected an instrument id of 1 to ${MAX_ID_CHARS} characters`;
}

function checkDepthLevels(v: unknown): string | null {
  return v === undefined ||
    (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_DEPTH_VIEW_LEVELS)
    ? null
    : `interest.depthLevels: expected a whole number from 1 to ${MAX_DEPTH_VIEW_LEVELS}`;
}

/** Reads `{type: 'interest', rows, charted, selected, depthLevels?}` as a page sent it. */
export function readInterest(v: unknown): CheckedInterest {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: 'interest: expected an object' };
  const m = v as Record<string, unknown>;
  if (m.type !== 'interest') return { ok: false, error: 'interest: expected type "interest"' };
  const error =
    checkIds('rows', m.rows, MAX_INTEREST_ROWS) ??
    checkIds('charted', m.charted, MAX_INTEREST_CHARTED) ??
    (m.selected === null || isId(m.selected)
      ? null
      : `interest.selected: expected an instrument id of 1 to ${MAX_ID_CHARS} characters, or null`) ??
    (m.others === undefined || m.others === 'compact' || m.others === 'none'
      ? null
      : 'interest.others: expected "compact" or "none"') ??
    checkDepthLevels(m.depthLevels);
  if (error !== null) return { ok: false, error };
  // Copied, not passed on: the engine keeps it, and the page's object carries nothing else.
  return {
    ok: true,
    value: {
      type: 'interest',
      rows: [...(m.rows as string[])],
      charted: [...(m.charted as string[])],
      selected: m.selected as string | null,
      ...(m.others === undefined ? {} : { others: m.others as InterestOthers }),
      ...(m.depthLevels === undefined ? {} : { depthLevels: m.depthLevels as number }),
    },
  };
}

/** Every instrument an interest names: the ones whose batches carry full detail. */
export function interestIds(interest: Interest): Set<string> {
  const ids = new Set([...interest.rows, ...interest.charted]);
  if (interest.selected !== null) ids.add(interest.selected);
  return ids;
}
