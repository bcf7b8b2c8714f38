import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import PanelApp from './PanelApp.svelte';
import { batch, health, marketRow, sourceHealth } from '../../test-support/batches';
import { fakeApi } from '../../test-support/renderer-api';
import { SESSION } from '../../test-support/popout-tabs';
import { channelName, sessionSuffix } from './state/popout-channel';

// Chart.js plugins need a real canvas; the watchlist's sparklines are not under test here.
vi.mock('./charts/register', () => ({ registerCharts: () => {} }));
afterEach(cleanup);

describe('PanelApp', () => {
  it('groups a popped-out watchlist by source, as the main window does', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { api, push } = fakeApi('web');
    render(PanelApp, { props: { api, panel: { panel: 'watchlist' } } });
    push(
      batch({
        reset: true,
        instruments: [
          { id: 'sim:ACME', kind: 'market', name: 'Acme Corp', tickSize: 0.01 },
          { id: 'kraken:BTC/USD', kind: 'market', name: 'Bitcoin', tickSize: 0.1 },
        ],
        market: [marketRow('sim:ACME', 101), marketRow('kraken:BTC/USD', 90_000)],
        health: health({ sources: [sourceHealth('sim'), sourceHealth('kraken')] }),
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('source-kraken').textContent).toMatch(/kraken\s*1/),
    );
    expect(screen.getByTestId('source-sim').textContent).toMatch(/sim\s*1/);
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('asks for its one instrument and not its order book or tape (a chart shows neither)', async () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    vi.stubGlobal('requestAnimationFrame', undefined);
    const { api, interests } = fakeApi('web');
    render(PanelApp, { props: { api, panel: { panel: 'chart', instrument: 'sim:ACME' } } });
    await waitFor(() => expect(interests.length).toBeGreaterThan(0));
    expect(interests.at(-1)).toMatchObject({
      rows: [],
      charted: ['sim:ACME'],
      selected: null,
      others: 'none',
    });
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('tells its main page it is up, docks through it, and says when the browser keeps the tab (browser mode)', async () => {
    location.hash = `#panel=alerts${sessionSuffix(SESSION)}`;
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    const heard: { kind: string }[] = [];
    const main = new BroadcastChannel(channelName(SESSION));
    main.onmessage = (event: MessageEvent<{ kind: string }>) => heard.push(event.data);
    try {
      const { api } = fakeApi('web');
      render(PanelApp, { props: { api, panel: { panel: 'alerts' } } });
      // Its tab says what it shows, so several pop-outs are told apart.
      expect(document.title).toBe('Alerts panel — Tickdeck');
      await waitFor(() => expect(heard.map((m) => m.kind)).toContain('hello'));
      expect(heard[0]).toMatchObject({ window: { panel: { panel: 'alerts' }, displayId: null } });
      await fireEvent.click(screen.getByTestId('dock-alerts'));
      await waitFor(() => expect(heard.map((m) => m.kind)).toContain('dock'));
      expect(close).toHaveBeenCalled();
      // The browser kept the tab (window.close did nothing): it says so, and how to close it.
      await waitFor(() => expect(screen.getByTestId('tab-kept')).toBeTruthy());
      expect(screen.getByRole('alert').textContent).toContain('The alerts panel is back in the');
    } finally {
      main.close();
      location.hash = '';
      vi.restoreAllMocks();
    }
  });
});
