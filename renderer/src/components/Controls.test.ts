import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../protocol/ipc';
import { controlsHandlers } from '../../../test-support/controls-handlers';
import Controls from './Controls.svelte';

afterEach(cleanup);

function renderControls(
  settings: Partial<Settings> = {},
  paused = false,
  connected: boolean | null = true,
  recording = false,
  replaying: string | null = null,
) {
  const handlers = controlsHandlers();
  render(Controls, {
    props: {
      settings: { ...DEFAULT_SETTINGS, ...settings },
      paused,
      connected,
      recording,
      replaying,
      host: 'web' as const,
      ...handlers,
    },
  });
  return handlers;
}

describe('Controls', () => {
  it('connects through the source picker', async () => {
    const h = renderControls();
    await fireEvent.click(screen.getByRole('button', { name: /Change source/ }));
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'tickdeck' } });
    await fireEvent.input(screen.getByLabelText('Server URL'), {
      target: { value: 'ws://127.0.0.1:9000' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(h.onconnect).toHaveBeenLastCalledWith('ws://127.0.0.1:9000', null);
  });

  it('shows the saved feed, disconnects while connected and reconnects the saved sources once not', async () => {
    const h = renderControls({ feed: 'ws://feed.example:1' });
    expect(screen.getByTestId('feed-source').textContent).toBe('ws://feed.example:1');
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(h.ondisconnect).toHaveBeenCalledOnce();
    cleanup();
    const down = renderControls({}, false, false);
    expect(screen.queryByRole('button', { name: 'Disconnect' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    expect(down.onreconnect).toHaveBeenCalledOnce();
    expect(down.ondisconnect).not.toHaveBeenCalled();
    cleanup();
    // Before the host's first word, neither: Disconnect stays, disabled.
    renderControls({}, false, null);
    expect((screen.getByRole('button', { name: 'Disconnect' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull();
  });

  it('leaves a replay through Close replay, not Disconnect', () => {
    renderControls({}, false, true, false, 'session-1');
    expect((screen.getByRole('button', { name: 'Disconnect' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(screen.getByTestId('feed-source').textContent).toBe('Replay · session-1');
  });

  it('offers to open a recording', async () => {
    renderControls();
    await fireEvent.click(screen.getByRole('button', { name: /Open recording/ }));
    expect(screen.getByLabelText(/recording folder/i)).toBeTruthy();
  });

  it('changes the batch rate', async () => {
    const h = renderControls({ batchHz: 30 });
    const select = screen.getByLabelText('Batch rate') as HTMLSelectElement;
    expect(select.value).toBe('30');
    await fireEvent.change(select, { target: { value: '60' } });
    expect(h.onbatchhz).toHaveBeenCalledWith(60);
  });

  it('pauses and resumes charts, announcing the state as pressed', async () => {
    const h = renderControls({}, true);
    const button = screen.getByRole('button', { name: /Resume charts/ });
    expect(button.getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(button);
    expect(h.onpause).toHaveBeenCalledWith(false);
  });

  it('starts and stops recording, showing which it will do', async () => {
    const h = renderControls({}, false, true, false);
    await fireEvent.click(screen.getByRole('button', { name: /Record/ }));
    expect(h.onrecord).toHaveBeenCalledOnce();
    cleanup();
    renderControls({}, false, true, true);
    const stop = screen.getByRole('button', { name: /Stop recording/ });
    expect(stop.getAttribute('aria-pressed')).toBe('true');
  });

  it('switches theme with a labelled button', async () => {
    const h = renderControls({ theme: 'dark' });
    await fireEvent.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    expect(h.ontheme).toHaveBeenCalledWith('light');
  });
});
