/**
 * Writes a shown book into the depth ladder's fixed row elements, once a frame, touching only
 * what changed since the last write. A keyed `{#each}` with an effect per text, class and style
 * re-ran 40 rows' worth of Svelte effects every frame when the whole book moved (the bench's
 * walk): the book column's biggest script cost (docs/PERFORMANCE.md, "Where a frame goes").
 * Here a row is compared with what it holds as numbers, and formatted and written only when
 * they differ.
 */
import { formatPrice, formatSize } from './format';
import type { LadderRow } from './depth-view';

type Change = LadderRow['change'];

/** One ladder row's elements, as the component renders them: a price, a size and a bar. */
interface RowElements {
  readonly row: HTMLElement;
  readonly price: Text;
  readonly size: Text;
  readonly bar: HTMLElement;
  /** What the elements show now (NaN: nothing yet), to skip writes that change nothing. */
  shown: { price: number; decimals: number; size: number; flash: Change; scale: number };
}

/** The book to write: each side's rows, best price first, and the bars' full scale. */
export interface LadderBook {
  readonly bids: readonly LadderRow[];
  readonly asks: readonly LadderRow[];
  readonly maxCumulative: number;
}

/** The flash of each row, as `FlashHold.flashes` gives it. */
export interface LadderFlashes {
  readonly bids: readonly Change[];
  readonly asks: readonly Change[];
}

const text = (span: Element): Text => {
  const first = span.firstChild;
  if (first instanceof Text) return first;
  const node = document.createTextNode('');
  span.append(node);
  return node;
};

function elementsOf(row: HTMLElement): RowElements {
  const part = (name: string) => {
    const el = row.querySelector<HTMLElement>(`.${name}`);
    if (!el) throw new Error(`depth ladder row ${row.dataset.testid} has no .${name} element`);
    return el;
  };
  // Rows looked up again may be ones kept from before, still lit: they start out, as `shown` says.
  row.classList.remove('grew', 'shrank');
  return {
    row,
    price: text(part('price')),
    size: text(part('size')),
    bar: part('bar'),
    shown: { price: NaN, decimals: NaN, size: NaN, flash: 0, scale: NaN },
  };
}

export class LadderWriter {
  private asks: RowElements[] = [];
  private bids: RowElements[] = [];

  /**
   * Writes `book` into the rows inside `ladder` (`depth-ask-<i>` and `depth-bid-<i>`, one per
   * level). The rows are looked up again only when they are not the ones written last (the
   * component rendered others: a book with more or fewer levels, or after an empty one).
   */
  write(ladder: HTMLElement, book: LadderBook, flashes: LadderFlashes, decimals: number): void {
    this.asks = this.rowsOf(ladder, 'ask', book.asks.length, this.asks);
    this.bids = this.rowsOf(ladder, 'bid', book.bids.length, this.bids);
    const full = book.maxCumulative;
    const side = (els: RowElements[], rows: readonly LadderRow[], flash: readonly Change[]) => {
      for (let i = 0; i < rows.length; i++) {
        writeRow(
          els[i]!,
          rows[i]!,
          flash[i] ?? 0,
          full > 0 ? rows[i]!.cumulative / full : 0,
          decimals,
        );
      }
    };
    side(this.asks, book.asks, flashes.asks);
    side(this.bids, book.bids, flashes.bids);
  }

  private rowsOf(
    ladder: HTMLElement,
    name: 'ask' | 'bid',
    count: number,
    had: RowElements[],
  ): RowElements[] {
    if (had.length === count && had.every((r) => r.row.isConnected)) return had;
    return Array.from({ length: count }, (_, i) => {
      const row = ladder.querySelector<HTMLElement>(`[data-testid="depth-${name}-${i}"]`);
      if (!row)
        throw new Error(`depth ladder has no row depth-${name}-${i} for its ${count} levels`);
      return elementsOf(row);
    });
  }
}

function writeRow(
  els: RowElements,
  row: LadderRow,
  flash: Change,
  scale: number,
  decimals: number,
): void {
  const shown = els.shown;
  if (row.price !== shown.price || decimals !== shown.decimals) {
    els.price.data = formatPrice(row.price, decimals);
    shown.price = row.price;
    shown.decimals = decimals;
  }
  if (row.size !== shown.size) {
    els.size.data = formatSize(row.size);
    shown.size = row.size;
  }
  if (flash > 0 !== shown.flash > 0) els.row.classList.toggle('grew', flash > 0);
  if (flash < 0 !== shown.flash < 0) els.row.classList.toggle('shrank', flash < 0);
  shown.flash = flash;
  // A scale, not a width: a transform is repainted without laying the row out again.
  if (scale !== shown.scale) {
    els.bar.style.transform = `scaleX(${scale})`;
    shown.scale = scale;
  }
}
