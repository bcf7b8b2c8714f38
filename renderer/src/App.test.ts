import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../protocol/ipc';
import App from './App.svelte';
import { INSTRUMENTS, batch, health, marketRow } from '../../test-support/batches';
import { loadTab } from '../../test-support/popout-tabs';
import { HELLO_TIMEOUT_MS, broadcastChannel } from './state/popout-channel';
import { NO_LOCKS } from './state/page-locks';
import { STOPPED_RECORDING, fakeApi } from '../../test-support/renderer-api';

// Chart.js plugins need a real canvas; these tests have no instruments to chart.
vi.mock('./charts/register', () => ({ registerCharts: () => {} }));
afterEach(cleanup);

const REPLAY = {
  path: '/rec/session-1',
  start: 1_000_000,
  end: 1_060_000,
  position: 1_010_000,
  playing: true,
  speed: 1,
  loop: false,
  rangeFrom: 1_000_000,
  rangeTo: 1_060_000,
};

describe('App', () => {
  it('saves a changed endpoint before connecting to the chosen exchange', async () => {
    const { api, calls } = fakeApi('web');
    render(App, { props: { api } });
    await fireEvent.click(screen.getByRole('button', { name: /Change source/ }));
    await fireEvent.change(screen.getByLabelText('Source'), { target: { value: 'kraken' } });
    await fireEvent.input(screen.getByLabelText('Symbols'), { target: { value: 'BTC/USD' } });
    await fireEvent.input(screen.getByLabelText('Endpoint'), {
      target: { value: 'ws://127.0.0.1:9000' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() =>
      expect(
        calls
          .map(([c]) => c)
          .filter((c) => !['settings:get', 'alerts:get', 'workspace:list'].includes(c)),
      ).toEqual(['settings:update', 'feed:connect']),
    );
    expect(calls.find(([c]) => c === 'settings:update')![1]).toEqual([
      { feedEndpoint: 'ws://127.0.0.1:9000' },
    ]);
    expect(calls.find(([c]) => c === 'feed:connect')![1]).toEqual(['kraken:BTC/USD']);
    await waitFor(() =>
      expect(screen.getByTestId('feed-source').textContent).toBe('Kraken · BTC/USD'),
    );
  });

  it('shows the replay bar while the host replays, and sends its controls', async () => {
    const { api, calls, push } = fakeApi('web');
    render(App, { props: { api } });
    expect(screen.queryByTestId('replay-bar')).toBeNull();
    push(
      batch({
        reset: true,
        instruments: [],
        health: health({ source: { kind: 'replay', label: 'session-1' }, replay: REPLAY }),
      }),
    );
    await waitFor(() => expect(screen.getByTestId('replay-bar')).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Pause replay' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Close replay' }));
    expect(calls.filter(([c]) => c.startsWith('replay:'))).toEqual([
      ['replay:control', [{ action: 'pause' }]],
      ['replay:close', []],
    ]);
  });

  it('says where a stopped recording was saved, and replays it on request', async () => {
    const { api, calls, push } = fakeApi('web');
    render(App, { props: { api } });
    const recording = { ...STOPPED_RECORDING, active: true, startedAt: 900 };
    push(batch({ reset: true, instruments: [], health: health({ recording }) }));
    await fireEvent.click(await screen.findByRole('button', { name: /Stop recording/ }));
    const notice = await screen.findByText('Recording saved to /rec/2026-12-03_01-00-00');
    expect(calls.map(([c]) => c)).toContain('recording:stop');
    expect(calls.some(([c]) => c === 'replay:open')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Replay it' }));
    await waitFor(() =>
      expect(calls).toContainEqual(['replay:open', ['/rec/2026-12-03_01-00-00']]),
    );
    expect(notice.isConnected).toBe(false); // the notice goes once acted on
  });

  it('shows every notice the host sent before the page listened, until each is dismissed', async () => {
    const { api, emit } = fakeApi('web');
    render(App, { props: { api } });
    emit('app:notice', { level: 'warning', message: 'Settings file could not be read' });
    emit('app:notice', { level: 'error', message: 'Could not open the recording: /x' });
    await screen.findByText('Could not open the recording: /x');
    expect(screen.getByText('Settings file could not be read')).toBeTruthy();
    await fireEvent.click(screen.getAllByRole('button', { name: 'Dismiss message' })[1]!);
    expect(screen.queryByText('Could not open the recording: /x')).toBeNull();
    expect(screen.getByText('Settings file could not be read')).toBeTruthy();
  });

  it('opens a folder dropped on the desktop window', async () => {
    const { api, calls } = fakeApi('desktop', { pathForFile: () => '/home/me/rec-1' });
    render(App, { props: { api } });
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.assign(drop, { dataTransfer: { types: ['Files'], files: [{ name: 'rec-1' }] } });
    window.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await waitFor(() => expect(calls).toContainEqual(['replay:open', ['/home/me/rec-1']]));
  });

  it('explains that a browser page cannot open a dropped folder', async () => {
    const { api, calls } = fakeApi('web');
    render(App, { props: { api } });
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.assign(drop, { dataTransfer: { types: ['Files'], files: [{ name: 'rec-1' }] } });
    window.dispatchEvent(drop);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Open recording'));
    expect(calls.some(([c]) => c === 'replay:open')).toBe(false);
  });

  it("follows another window's selection as the host announces it, without a reload", async () => {
    // Charting the selection builds charts, which jsdom cannot draw (no canvas): quietly, and
    // with no animation frame to draw them in (Chart.js would reach for the missing canvas).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { api, push, emit, interests } = fakeApi('desktop');
    render(App, { props: { api } });
    push(
      batch({
        reset: true,
        instruments: INSTRUMENTS,
        market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
      }),
    );
    const selected = (id: string) =>
      screen.getByTestId(`watchlist-row-${id}`).getAttribute('aria-selected');
    await waitFor(() => expect(selected('ACME')).toBe('true'));
    // A popped-out watchlist selected GLBX; the host saved it and tells every window.
    emit('settings:changed', { ...DEFAULT_SETTINGS, focused: ['GLBX'] });
    await waitFor(() => expect(selected('GLBX')).toBe('true'));
    expect(selected('ACME')).toBe('false');
    await waitFor(() => expect(interests.at(-1)?.selected).toBe('GLBX'));
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('shows no book frozen under a workspace whose charts wait for instruments', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { api, push, emit } = fakeApi('desktop');
    render(App, { props: { api } });
    const trades = { t: [1_000], price: [101], size: [5], side: [1] };
    const level = (price: number) => [price, 10] as const;
    push(
      batch({
        reset: true,
        instruments: INSTRUMENTS,
        market: [marketRow('ACME', 101), marketRow('GLBX', 99)],
        depth: {
          id: 'ACME',
          book: { bids: [level(100.99)], asks: [level(101.01)] },
          resyncing: false,
          tapeReset: true,
          trades,
        },
      }),
    );
    await waitFor(() => expect(screen.getByText('ACME book')).toBeTruthy());
    // A switch to a workspace whose charts name instruments no source has: the engine is
    // asked for no book, and sends none, so ACME's would stay as it last was.
    emit('settings:changed', { ...DEFAULT_SETTINGS, focused: ['NOPE'] });
    await waitFor(() => expect(screen.getByTestId('chart-waiting').textContent).toMatch(/NOPE/));
    expect(screen.queryByText('ACME book')).toBeNull();
    cleanup();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('offers the pop-out tabs of the last visit back in browser mode, and opens them on a click', async () => {
    const place = { x: 0, y: 0, width: 760, height: 480 };
    const windows = [
      { panel: { panel: 'alerts' }, bounds: place, displayId: null },
      { panel: { panel: 'watchlist' }, bounds: place, displayId: null },
    ] as const;
    const { api, calls } = fakeApi('web', { settings: { ...DEFAULT_SETTINGS, windows } });
    // Each tab the page opens is loaded as a pop-out page would be, on the browser's channel.
    const opened: string[] = [];
    const tabs: ReturnType<typeof loadTab>[] = [];
    let allowed = 1; // one tab a click, as browsers allow
    const open = vi.spyOn(window, 'open').mockImplementation((url) => {
      if (allowed-- > 0) {
        opened.push(String(url));
        tabs.push(loadTab(String(url), { open: broadcastChannel, locks: NO_LOCKS }));
      }
      return null; // `noopener`: no handle, whether it opened or not
    });
    try {
      render(App, { props: { api } });
      const reopen = await screen.findByRole('button', { name: 'Reopen 2 panels' });
      // Nothing opened before the click: the page offers, the user decides.
      expect(open).not.toHaveBeenCalled();
      expect(screen.getByTestId('reopen-tabs').textContent).toContain(
        'the alerts panel, the watchlist',
      );
      await fireEvent.click(reopen);
      expect(open.mock.calls.map(([, , features]) => features)).toEqual(['noopener', 'noopener']);
      expect(opened).toEqual([expect.stringMatching(/#panel=alerts&session=[0-9a-f-]+$/)]);
      // The alert log is out now: its place in the page says so.
      expect(screen.getByRole('region', { name: 'Alerts (popped out)' })).toBeTruthy();
      // The watchlist's tab never says hello: blocked, and offered again.
      await waitFor(
        () => expect(screen.getByTestId('reopen-tabs').textContent).toMatch(/blocked the next tab/),
        { timeout: HELLO_TIMEOUT_MS * 3 },
      );
      expect(screen.getByRole('button', { name: 'Reopen 1 panel' })).toBeTruthy();
      expect(screen.getByRole('region', { name: 'Alerts (popped out)' })).toBeTruthy();
      await fireEvent.click(screen.getByTestId('reopen-tabs-dismiss'));
      expect(screen.queryByTestId('reopen-tabs')).toBeNull();
      // Saved: the open tab only, where it said it is; the dismissed one is forgotten.
      expect(calls.filter(([c]) => c === 'window:tabs').at(-1)![1]).toEqual([
        [
          {
            panel: { panel: 'alerts' },
            bounds: { x: 100, y: 50, width: 800, height: 600 },
            displayId: null,
          },
        ],
      ]);
    } finally {
      for (const tab of tabs) tab.presence.stop();
      open.mockRestore();
    }
  }, 20_000);

  it('offers nothing in the desktop app, which reopens its windows itself', async () => {
    const place = { x: 0, y: 0, width: 760, height: 480 };
    const windows = [{ panel: { panel: 'alerts' }, bounds: place, displayId: null }] as const;
    const { api, calls } = fakeApi('desktop', { settings: { ...DEFAULT_SETTINGS, windows } });
    render(App, { props: { api } });
    await waitFor(() => expect(calls.some(([c]) => c === 'window:list')).toBe(true));
    expect(screen.queryByTestId('reopen-tabs')).toBeNull();
  });
});
