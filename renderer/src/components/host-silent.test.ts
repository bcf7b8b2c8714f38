/**
 * Bug 100: while the host is silent, the commands that need it are disabled, each saying why
 * (its title, which is also its accessible description); what is the page's own stays.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReplayStatus } from '../../../protocol/health';
import { DEFAULT_SETTINGS } from '../../../protocol/ipc';
import { emptyAlertForm } from '../state/alert-form';
import type { AlertsState } from '../state/alerts.svelte';
import { controlsHandlers } from '../../../test-support/controls-handlers';
import { HOST_SILENT_TITLE } from '../state/freshness';
import AlertForm from './AlertForm.svelte';
import Controls from './Controls.svelte';
import ReplayBar from './ReplayBar.svelte';

afterEach(cleanup);

/** The top bar's controls with every source failed, as a silent host's health says. */
function renderControls(hostSilent: string | null) {
  const h = controlsHandlers();
  const props = { settings: DEFAULT_SETTINGS, paused: false, connected: false, recording: false };
  render(Controls, { props: { ...props, host: 'web' as const, hostSilent, ...h } });
  return h;
}

/** Disabled (by its own attribute or its fieldset's), saying why. */
function waits(element: HTMLElement): void {
  expect(element.matches(':disabled')).toBe(true);
  expect(element.getAttribute('title')).toBe(HOST_SILENT_TITLE);
}

describe('commands while the host is silent', () => {
  it('the top bar: Reconnect, Record, Open recording, the batch rate and the source wait', async () => {
    renderControls(HOST_SILENT_TITLE);
    waits(screen.getByRole('button', { name: 'Reconnect' }));
    waits(screen.getByRole('button', { name: /Record/ }));
    waits(screen.getByRole('button', { name: /Open recording/ }));
    waits(screen.getByRole('combobox', { name: 'Batch rate' }));
    // The picker opens (it is the page's), but connects nothing.
    await fireEvent.click(screen.getByRole('button', { name: /Change source/ }));
    waits(screen.getByRole('button', { name: 'Connect' }));
    // Pausing the charts and the theme are the page's own.
    expect(screen.getByRole('button', { name: /Pause charts/ })).toHaveProperty('disabled', false);
    expect(screen.getByRole('button', { name: /theme/ })).toHaveProperty('disabled', false);
  });

  it('the top bar offers them all again once batches come back', async () => {
    const h = renderControls(null);
    const reconnect = screen.getByRole('button', { name: 'Reconnect' });
    expect(reconnect).toHaveProperty('disabled', false);
    expect(reconnect.getAttribute('title')).toBe('Connect the saved sources again');
    await fireEvent.click(reconnect);
    expect(h.onreconnect).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: /Open recording/ })).toHaveProperty(
      'disabled',
      false,
    );
  });

  it('the replay bar: every control waits', () => {
    const status: ReplayStatus = {
      ...{ path: '/rec/r', start: 0, end: 60_000, position: 1_000, playing: true, speed: 1 },
      ...{ loop: false, rangeFrom: 0, rangeTo: 60_000 },
    };
    const oncontrol = vi.fn();
    const props = { status, position: status.position, name: 'r', oncontrol, onclose: vi.fn() };
    render(ReplayBar, { props: { ...props, hostSilent: HOST_SILENT_TITLE } });
    for (const name of ['Pause replay', 'Step back one second', 'Loop', 'Close replay'])
      waits(screen.getByRole('button', { name }));
    expect(screen.getByRole('slider', { name: 'Replay position' }).matches(':disabled')).toBe(true);
  });

  it("the alert form's Add waits", () => {
    const alerts = { rules: [], log: [] } as unknown as AlertsState;
    const props = { alerts, instruments: () => ['ACME'], fields: emptyAlertForm() };
    render(AlertForm, {
      props: { ...props, onadded: vi.fn(), oncancel: vi.fn(), hostSilent: HOST_SILENT_TITLE },
    });
    waits(screen.getByRole('button', { name: 'Add' }));
  });
});
