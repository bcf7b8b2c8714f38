/**
 * A market instrument's row as a batch carries it: whole (`Batch.market`, the instruments a
 * consumer shows in full) or compact (`Batch.compact`, the others', one flat array of numbers
 * in {@link COMPACT_ROW_FIELDS} order), and the compact rows read back. Apart from the batch's
 * envelope (./batch.ts) because the engine's row writers and the watchlist's readers need the
 * row's shape and field order, nothing else of the batch.
 */
/** Latest values of a market instrument, sent when any of them changed. */
export interface MarketRow {
  readonly id: string;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  readonly last: number;
  /** Reference price for change: the session open. */
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly volume: number;
  readonly trades: number;
  /** Event time of the latest tick, epoch ms. */
  readonly ts: number;
}

/**
 * The fields of a compact row, in the order {@link CompactRows.values} holds them: a
 * {@link MarketRow} without its id.
 */
export const COMPACT_ROW_FIELDS = [
  'bid',
  'ask',
  'bidSize',
  'askSize',
  'last',
  'open',
  'high',
  'low',
  'volume',
  'trades',
  'ts',
] as const satisfies readonly Exclude<keyof MarketRow, 'id'>[];

/**
 * Latest values of instruments outside a consumer's interest (`Interest.others: 'compact'`),
 * columnar: instrument `ids[i]`'s fields are `values[i * COMPACT_ROW_FIELDS.length + k]`, for
 * the field `COMPACT_ROW_FIELDS[k]`. One flat array of numbers instead of an object per row:
 * at 5,000 instruments a page gets hundreds of these a batch (every instrument on a reset), and
 * an object per row was most of the engine's garbage for a page (docs/PERFORMANCE.md, "Scale
 * curve: instruments").
 */
export interface CompactRows {
  readonly ids: readonly string[];
  readonly values: readonly number[];
}

/** The rows `compact` holds, as {@link MarketRow}s, in its order. */
export function compactMarketRows(compact: CompactRows): MarketRow[] {
  const width = COMPACT_ROW_FIELDS.length;
  if (compact.values.length !== compact.ids.length * width)
    throw new RangeError(
      `compact rows: ${compact.values.length} values for ${compact.ids.length} ids, expected ${compact.ids.length * width}`,
    );
  return compact.ids.map((id, i) => {
    const row: Record<string, number | string> = { id };
    COMPACT_ROW_FIELDS.forEach((field, k) => (row[field] = compact.values[i * width + k]!));
    return row as unknown as MarketRow;
  });
}
