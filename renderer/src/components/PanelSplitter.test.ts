import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SPLITTER_STEP_PX } from '../state/panel-layout';
import PanelSplitter from './PanelSplitter.svelte';

afterEach(cleanup);

describe('PanelSplitter', () => {
  it('says the panel’s size and its bounds when focused, and the new size at each key', async () => {
    let px = 400;
    const onresize = vi.fn((next: number) => (px = next));
    render(PanelSplitter, {
      props: {
        panel: 'the watchlist',
        sizePx: () => px,
        bounds: () => ({ minPx: 300, maxPx: 900 }),
        onresize,
      },
    });
    const divider = screen.getByRole('separator', { name: 'Resize the watchlist (arrow keys)' });
    // A screen reader heard nothing of the size before: no value at all.
    await fireEvent.focus(divider);
    expect(divider.getAttribute('aria-valuenow')).toBe('400');
    expect(divider.getAttribute('aria-valuemin')).toBe('300');
    expect(divider.getAttribute('aria-valuemax')).toBe('900');
    expect(divider.getAttribute('aria-valuetext')).toBe('400 pixels');
    await fireEvent.keyDown(divider, { key: 'ArrowRight' });
    expect(onresize).toHaveBeenLastCalledWith(400 + SPLITTER_STEP_PX);
    expect(divider.getAttribute('aria-valuenow')).toBe(String(400 + SPLITTER_STEP_PX));
    await fireEvent.keyDown(divider, { key: 'End' });
    expect(divider.getAttribute('aria-valuetext')).toBe('900 pixels');
  });
});
