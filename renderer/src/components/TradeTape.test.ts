import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { recordCanvases } from '../../../test-support/recording-canvas';
import { Tape } from '../state/depth-view';
import { TAPE_ROW_PX } from './tape-canvas';
import TradeTape from './TradeTape.svelte';

// A tape 200 px wide showing five rows.
const canvases = recordCanvases({ widthPx: 200, heightPx: 5 * TAPE_ROW_PX });
afterAll(() => canvases.restore());
afterEach(cleanup);

/** A tape after `batches` batches of `n` trades each, prices counting up from 100. */
function tapeOf(batches: number, n: number) {
  const tape = new Tape();
  let k = 0;
  for (let b = 0; b < batches; b++) {
    const at = Array.from({ length: n }, () => k++);
    tape.fold({
      id: 'ACME',
      book: null,
      resyncing: false,
      tapeReset: false,
      trades: {
        t: at.map((i) => 1_764_100_000_000 + i * 1000),
        price: at.map((i) => 100 + i / 100),
        size: at.map((i) => 1 + (i % 3)),
        side: at.map((i) => (i % 2 === 0 ? 1 : -1)),
      },
    });
  }
  return tape.rows;
}

const props = { decimals: 2, paused: false, onpause: () => {} };
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
/** The prices the tape's canvas drew last, top to bottom. */
const drawnPrices = () =>
  canvases
    .contextOf(screen.getByTestId('trade-tape-canvas') as HTMLCanvasElement)
    .textsInOrder()
    .filter((t) => /^\d+\.\d\d$/.test(t));

describe('TradeTape', () => {
  it('draws the rows in view, newest trade first, with their price, size and side', () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 50) } });
    expect(drawnPrices()).toEqual(['100.49', '100.48', '100.47', '100.46', '100.45']);
    const texts = canvases.contextOf(
      screen.getByTestId('trade-tape-canvas') as HTMLCanvasElement,
    ).texts;
    expect(texts.filter((t) => t.text === '▲ buy' || t.text === '▼ sell')).toHaveLength(5);
  });

  it('keeps the rows in view as text, for screen readers and the e2e specs', () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 3) } });
    const [first, second] = screen.getAllByTestId('tape-row');
    expect(first!.textContent).toContain('100.02');
    expect(first!.textContent).toContain('▲ buy');
    expect(second!.textContent).toContain('100.01');
    expect(second!.textContent).toContain('▼ sell');
    expect(screen.getByTestId('trade-tape-canvas').getAttribute('aria-hidden')).toBe('true');
  });

  it('is one named Tab stop, its scroll box, which the arrow keys scroll', () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 50) } });
    // Chromium makes a scroll box a Tab stop of itself; unnamed, it read out every row in view.
    const box = screen.getByRole('region', { name: 'Trades, newest first' });
    expect(box.tabIndex).toBe(0);
    expect(box.contains(screen.getByTestId('trade-tape-canvas'))).toBe(true);
  });

  it('is one region, not one inside another, its button named for the tape (bug 262)', () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 5) } });
    // Before: a "Trade tape" region around the rows' region, and a button read "Pause".
    expect(screen.getAllByRole('region').map((r) => r.getAttribute('aria-label'))).toEqual([
      'Trades, newest first',
    ]);
    expect(screen.getByRole('button', { name: 'Pause the trade tape' })).toBeTruthy();
  });

  it('draws new trades at the next animation frame, the newest of several batches once', async () => {
    const { rerender } = render(TradeTape, { props: { ...props, rows: tapeOf(1, 3) } });
    await rerender({ ...props, rows: tapeOf(2, 3) });
    await rerender({ ...props, rows: tapeOf(3, 3) });
    await tick();
    // Still the rows drawn last: the batches wait for the frame.
    expect(drawnPrices()[0]).toBe('100.02');
    await nextFrame();
    expect(drawnPrices()[0]).toBe('100.08');
  });

  it('draws the rows scrolled to, and its text follows them', async () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 50) } });
    const list = screen.getByTestId('trade-tape-canvas').parentElement!;
    // The whole tape scrolls: 50 rows, five of them on the canvas, the rest below.
    expect(list.lastElementChild!.previousElementSibling).toHaveProperty(
      'style.height',
      `${45 * TAPE_ROW_PX}px`,
    );
    await fireEvent.scroll(list, { target: { scrollTop: 10 * TAPE_ROW_PX } });
    expect(drawnPrices()).toEqual(['100.39', '100.38', '100.37', '100.36', '100.35']);
    const rows = screen.getAllByTestId('tape-row');
    expect(rows[0]!.textContent).toContain('100.39');
    expect(rows).toHaveLength(5);
  });
});
