import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RecordButton from './RecordButton.svelte';

afterEach(cleanup);

function renderButton(sources: readonly string[], recording = false) {
  const onrecord = vi.fn();
  render(RecordButton, { props: { recording, disabled: false, sources, onrecord } });
  return onrecord;
}

/** Opens the list as a click does; the element tells of it in a `toggle` event a task later. */
async function openList(summary: HTMLElement) {
  await fireEvent.click(summary);
  await new Promise((resolve) => setTimeout(resolve, 0));
}

const record = () => fireEvent.click(screen.getByRole('button', { name: '● Record' }));

describe('RecordButton', () => {
  it('with one source, records it, offering no choice', async () => {
    const onrecord = renderButton(['sim']);
    expect(screen.queryByTestId('record-sources')).toBeNull();
    await record();
    expect(onrecord).toHaveBeenCalledWith();
  });

  it('with several sources, records all of them unless some are unticked', async () => {
    const onrecord = renderButton(['sim', 'kraken', 'coinbase']);
    expect(screen.getByTestId('record-sources').textContent).toBe('all sources');
    await record();
    expect(onrecord).toHaveBeenLastCalledWith();

    await fireEvent.click(screen.getByRole('checkbox', { name: 'sim' }));
    expect(screen.getByTestId('record-sources').textContent).toBe('kraken + coinbase');
    await record();
    expect(onrecord).toHaveBeenLastCalledWith(['kraken', 'coinbase']);
  });

  it('cannot start with every source unticked', async () => {
    renderButton(['sim', 'kraken']);
    await fireEvent.click(screen.getByRole('checkbox', { name: 'sim' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'kraken' }));
    expect(screen.getByTestId('record-sources').textContent).toBe('no source');
    expect((screen.getByRole('button', { name: '● Record' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('while recording, only stops', async () => {
    const onrecord = renderButton(['sim', 'kraken'], true);
    expect(screen.queryByTestId('record-sources')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: '■ Stop recording' }));
    expect(onrecord).toHaveBeenCalledWith();
  });

  it('closes its list of sources with Escape (focus back on it) and with a press outside', async () => {
    renderButton(['sim', 'kraken']);
    const summary = screen.getByTestId('record-sources');
    const details = summary.closest('details')!;
    await openList(summary);
    expect(details.open).toBe(true);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(details.open).toBe(false);
    expect(document.activeElement).toBe(summary);

    await openList(summary);
    expect(details.open).toBe(true);
    await fireEvent.pointerDown(document.body);
    expect(details.open).toBe(false);
  });
});
