import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import IndicatorMenu from './IndicatorMenu.svelte';

afterEach(cleanup);

async function open(summary: HTMLElement) {
  await fireEvent.click(summary);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('IndicatorMenu', () => {
  it('closes like every toolbar popover: Escape (focus back on its button), a press outside', async () => {
    render(IndicatorMenu, { indicators: [], onchange: vi.fn() });
    const details = screen.getByTestId('indicator-menu') as HTMLDetailsElement;
    const summary = details.querySelector('summary')!;
    await open(summary);
    expect(details.open).toBe(true);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(details.open).toBe(false);
    expect(document.activeElement).toBe(summary);

    await open(summary);
    await fireEvent.pointerDown(screen.getByLabelText('Indicator'));
    expect(details.open).toBe(true);
    await fireEvent.pointerDown(document.body);
    expect(details.open).toBe(false);
  });

  it('says which pane it is for on its button, and to a screen reader how many it holds (bug 188)', () => {
    render(IndicatorMenu, {
      indicators: [{ kind: 'volume' }],
      onchange: vi.fn(),
      title: 'Indicators on the candles',
      pane: 'candles',
    });
    const summary = screen.getByTestId('indicator-menu').querySelector('summary')!;
    // Before: "ƒx 1", beside the price line's "ƒx".
    expect(summary.textContent!.replace(/\s+/g, ' ').trim()).toBe('ƒx candles 1');
    expect(summary.getAttribute('aria-label')).toBe('Indicators on the candles: 1');
  });

  it("names its button without its tooltip's aside, which named the Period field's words", () => {
    render(IndicatorMenu, {
      indicators: [],
      onchange: vi.fn(),
      title: 'Indicators on the price line (periods in seconds)',
      pane: 'line',
    });
    const summary = screen.getByTestId('indicator-menu').querySelector('summary')!;
    expect(summary.getAttribute('aria-label')).toBe('Indicators on the price line: none');
  });

  it('adds the chosen indicator with its period', async () => {
    const onchange = vi.fn();
    render(IndicatorMenu, { indicators: [{ kind: 'sma', period: 20 }], onchange });
    await fireEvent.change(screen.getByLabelText('Indicator'), { target: { value: 'ema' } });
    await fireEvent.input(screen.getByLabelText('Period'), { target: { value: '9' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(onchange).toHaveBeenCalledWith([
      { kind: 'sma', period: 20 },
      { kind: 'ema', period: 9 },
    ]);
  });

  it('says why Add is greyed: a period out of bounds, a σ out of bounds, one on already, a chart full', async () => {
    const { rerender } = render(IndicatorMenu, { indicators: [], onchange: vi.fn() });
    const add = screen.getByRole('button', { name: 'Add' });
    for (const period of ['1', '501', '2.5', '']) {
      await fireEvent.input(screen.getByLabelText('Period'), { target: { value: period } });
      expect(add).toHaveProperty('disabled', true);
      expect(screen.getByTestId('indicator-problem').textContent).toContain(
        'Period: a whole number from 2 to 500',
      );
    }
    await fireEvent.input(screen.getByLabelText('Period'), { target: { value: '500' } });
    expect(add).toHaveProperty('disabled', false);
    expect(screen.queryByTestId('indicator-problem')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Indicator'), { target: { value: 'bollinger' } });
    await fireEvent.input(screen.getByLabelText('σ'), { target: { value: '9' } });
    expect(screen.getByTestId('indicator-problem').textContent).toContain('σ: from 0.5 to 5');
    await rerender({ indicators: [{ kind: 'bollinger', period: 500, stdDev: 2 }] });
    await fireEvent.input(screen.getByLabelText('σ'), { target: { value: '2' } });
    expect(add).toHaveProperty('disabled', true);
    expect(screen.getByTestId('indicator-problem').textContent).toContain(
      'BB 500 2 is on this chart',
    );
    await fireEvent.input(screen.getByLabelText('σ'), { target: { value: '2.5' } });
    expect(add).toHaveProperty('disabled', false);
    await rerender({ indicators: Array.from({ length: 8 }, () => ({ kind: 'vwap' as const })) });
    await fireEvent.input(screen.getByLabelText('σ'), { target: { value: '2' } });
    expect(screen.getByTestId('indicator-problem').textContent).toContain(
      'At most 8 indicators on a chart',
    );
  });
});
