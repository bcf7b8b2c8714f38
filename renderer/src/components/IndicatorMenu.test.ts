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
});
