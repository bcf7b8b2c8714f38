import { cleanup, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { Tape } from '../state/depth-view';
import TradeTape from './TradeTape.svelte';

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

describe('TradeTape', () => {
  it('shows the newest trade first with its price, size and side', () => {
    render(TradeTape, { props: { ...props, rows: tapeOf(1, 3) } });
    const [first, second] = screen.getAllByTestId('tape-row');
    expect(first!.textContent).toContain('100.02');
    expect(first!.textContent).toContain('▲ buy');
    expect(second!.textContent).toContain('100.01');
    expect(second!.textContent).toContain('▼ sell');
  });

  it('rewrites the rows in view when trades arrive instead of making new ones', async () => {
    const { rerender } = render(TradeTape, { props: { ...props, rows: tapeOf(1, 50) } });
    const before = screen.getAllByTestId('tape-row');
    expect(before[0]!.textContent).toContain('100.49');
    await rerender({ ...props, rows: tapeOf(2, 50) });
    await nextFrame();
    const after = screen.getAllByTestId('tape-row');
    expect(after[0]!.textContent).toContain('100.99');
    // The same elements, new text: a batch of 50 trades makes no row element of its own.
    expect(after).toHaveLength(before.length);
    after.forEach((row, i) => expect(row).toBe(before[i]));
  });

  it('shows new trades at the next animation frame, the newest of several batches once', async () => {
    const { rerender } = render(TradeTape, { props: { ...props, rows: tapeOf(1, 3) } });
    await rerender({ ...props, rows: tapeOf(2, 3) });
    await rerender({ ...props, rows: tapeOf(3, 3) });
    await tick();
    // Still the rows drawn last: the batches wait for the frame.
    expect(screen.getAllByTestId('tape-row')[0]!.textContent).toContain('100.02');
    await nextFrame();
    expect(screen.getAllByTestId('tape-row')[0]!.textContent).toContain('100.08');
  });
});
