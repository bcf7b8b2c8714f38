import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PALETTES } from '../charts/palette';
import { FrameScheduler } from '../charts/scheduler';
import CompareChart from './CompareChart.svelte';

// Chart.js needs a real canvas; the mode button is under test here, not the drawing.
vi.mock('../charts/compare-chart', () => ({
  CompareChart: class {
    setSource() {}
    setPalette() {}
    draw() {
      return false;
    }
    destroy() {}
  },
}));
afterEach(cleanup);

describe('CompareChart', () => {
  it('names its mode button for the mode shown and what a press does, never “not pressed”', async () => {
    render(CompareChart, {
      props: {
        compared: [],
        windowMs: 300_000,
        palette: PALETTES.dark,
        scheduler: new FrameScheduler(),
        label: 'ACME, BOLT',
      },
    });
    const button = screen.getByRole('button', { name: '% from start: switch to price' });
    // Before: aria-pressed false while the lines were in % from start.
    expect(button.hasAttribute('aria-pressed')).toBe(false);
    await fireEvent.click(button);
    expect(button.getAttribute('aria-label')).toBe('Price: switch to % from start');
    expect(button.textContent).toBe('Price');
  });
});
