import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayStatus } from '../../../protocol/health';
import { REPLAY_START, replayStatus } from '../../../test-support/replay-status';
import ReplayBar from './ReplayBar.svelte';

afterEach(cleanup);

const START = REPLAY_START;
const STATUS = replayStatus();

function renderBar(status: Partial<ReplayStatus> = {}) {
  const oncontrol = vi.fn();
  const onclose = vi.fn();
  const shown = { ...STATUS, ...status };
  const view = render(ReplayBar, {
    props: { status: shown, position: shown.position, oncontrol, onclose },
  });
  return { oncontrol, onclose, view };
}

describe('ReplayBar', () => {
  it('names the recording it plays, from its path (bug 174)', () => {
    renderBar({ path: '/home/me/Tickdeck recordings/2026-11-25_20-19-37' });
    expect(screen.getByTestId('replay-bar').textContent).toContain('REPLAY 2026-11-25_20-19-37');
    expect(screen.getByTestId('replay-bar').querySelector('.tag')!.getAttribute('title')).toBe(
      'Replaying 2026-11-25_20-19-37 (/home/me/Tickdeck recordings/2026-11-25_20-19-37)',
    );
  });

  it('shows the recording and the position in recorded time', () => {
    renderBar();
    const bar = screen.getByTestId('replay-bar');
    expect(bar.textContent).toContain('REPLAY');
    expect(bar.querySelector('.tag')!.getAttribute('title')).toContain('session-1');
    expect(screen.getByTestId('replay-position').textContent).toContain('14:01:05.0');
    expect(bar.textContent).toContain('1:05 / 3:00');
    const slider = screen.getByRole('slider', { name: 'Replay position' }) as HTMLInputElement;
    expect(slider.value).toBe('65000');
    expect(slider.max).toBe('180000');
  });

  it('draws the thumb at the end of a recording whose end is not on a step (bug 176)', () => {
    renderBar({ end: START + 470, position: START + 470, rangeTo: START + 470, playing: false });
    const slider = screen.getByRole('slider', { name: 'Replay position' }) as HTMLInputElement;
    expect([slider.value, slider.max]).toEqual(['500', '500']);
  });

  it('pauses while playing and plays while paused', async () => {
    const { oncontrol } = renderBar();
    await fireEvent.click(screen.getByRole('button', { name: 'Pause replay' }));
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'pause' });
    cleanup();
    const paused = renderBar({ playing: false });
    await fireEvent.click(screen.getByRole('button', { name: 'Play replay' }));
    expect(paused.oncontrol).toHaveBeenLastCalledWith({ action: 'play' });
  });

  it('steps, changes speed (Max is as fast as possible) and toggles loop', async () => {
    const { oncontrol } = renderBar();
    await fireEvent.click(screen.getByRole('button', { name: 'Step one second' }));
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'step' });
    const speed = screen.getByRole('combobox', { name: 'Replay speed' }) as HTMLSelectElement;
    expect([...speed.options].map((o) => o.text)).toEqual([
      '0.25×',
      '0.5×',
      '1×',
      '2×',
      '5×',
      '10×',
      '25×',
      '100×',
      'Max',
    ]);
    expect(speed.value).toBe('1');
    await fireEvent.change(speed, { target: { value: '0' } });
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'speed', speed: 0 });
    const loop = screen.getByRole('button', { name: 'Loop' });
    expect(loop.getAttribute('aria-pressed')).toBe('false');
    await fireEvent.click(loop);
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'loop', loop: true });
  });

  it('seeks when the timeline is released, not on every drag tick', async () => {
    const { oncontrol } = renderBar({ playing: false });
    const slider = screen.getByRole('slider', { name: 'Replay position' });
    await fireEvent.input(slider, { target: { value: '30000' } });
    await fireEvent.input(slider, { target: { value: '42000' } });
    expect(oncontrol).not.toHaveBeenCalled();
    expect(screen.getByTestId('replay-position').textContent).toContain('14:00:42.0');
    await fireEvent.change(slider, { target: { value: '42000' } });
    expect(oncontrol).toHaveBeenCalledExactlyOnceWith({ action: 'seek', to: START + 42_000 });
  });

  it('seeks once when a pointer drag is released, then follows the position again', async () => {
    const { oncontrol } = renderBar();
    const slider = screen.getByRole('slider', { name: 'Replay position' });
    await fireEvent.input(slider, { target: { value: '30000' } });
    await fireEvent.pointerUp(slider);
    await fireEvent.change(slider, { target: { value: '30000' } });
    expect(oncontrol).toHaveBeenCalledExactlyOnceWith({ action: 'seek', to: START + 30_000 });
    expect(screen.getByTestId('replay-position').textContent).toContain('14:01:05.0');
  });

  it('sets the range from the position, shows it, and clears it', async () => {
    const { oncontrol, view } = renderBar();
    const range = screen.getByRole('group', { name: 'Replay range' });
    expect(
      (within(range).getByRole('button', { name: 'Clear range' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await fireEvent.click(within(range).getByRole('button', { name: /From here/ }));
    expect(oncontrol).toHaveBeenLastCalledWith({
      action: 'range',
      from: START + 65_000,
      to: START + 180_000,
    });
    await view.rerender({
      status: { ...STATUS, rangeFrom: START + 65_000, rangeTo: START + 120_000 },
      position: STATUS.position,
      oncontrol,
      onclose: () => {},
    });
    expect(screen.getByTestId('replay-range').textContent).toBe('14:01:05.0–14:02:00.0');
    await fireEvent.click(within(range).getByRole('button', { name: 'Clear range' }));
    expect(oncontrol).toHaveBeenLastCalledWith({
      action: 'range',
      from: START,
      to: START + 180_000,
    });
  });

  it('closes the replay', async () => {
    const { onclose } = renderBar();
    await fireEvent.click(screen.getByRole('button', { name: 'Close replay' }));
    expect(onclose).toHaveBeenCalledOnce();
  });

  it("shows the page's playhead, not the host's last report (bug 194)", () => {
    // The health bar shows the same playhead: one position on the page.
    render(ReplayBar, {
      props: { status: STATUS, position: STATUS.position + 1_500, oncontrol() {}, onclose() {} },
    });
    expect(screen.getByTestId('replay-position').textContent).toContain('14:01:06.5');
    expect(screen.getByTestId('replay-bar').textContent).toContain('1:06 / 3:00');
  });

  it('steps back one second as well as forward', async () => {
    const { oncontrol } = renderBar({ playing: false });
    await fireEvent.click(screen.getByRole('button', { name: 'Step back one second' }));
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'seek', to: STATUS.position - 1_000 });
    await fireEvent.click(screen.getByRole('button', { name: 'Step one second' }));
    expect(oncontrol).toHaveBeenLastCalledWith({ action: 'step' });
  });
});
