import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TickdeckApi } from '../../../protocol/ipc';
import type { PanelRoute } from '../../../protocol/panel-route';
import { Popouts, TAB_POLL_MS, tabBounds } from './popouts.svelte';
import { fakeTabHost } from '../../../test-support/popout-tabs';

afterEach(() => vi.useRealTimers());

const CHART = { panel: 'chart', instrument: 'BTC/USD' } as const;
const PAGE = 'http://127.0.0.1:5180/?token=abc';

function api(host: 'desktop' | 'web') {
  const listeners = new Map<string, (payload: unknown) => void>();
  const invoke = vi.fn(async (channel: string, ..._args: unknown[]): Promise<unknown> =>
    channel === 'window:dock' ? [] : [CHART],
  );
  const on = vi.fn((channel: string, listener: (payload: unknown) => void) => {
    listeners.set(channel, listener);
    return () => listeners.delete(channel);
  });
  return { value: { host, invoke, on } as unknown as TickdeckApi, invoke, listeners };
}

const tabs = () => fakeTabHost(PAGE);

describe('Popouts in browser mode', () => {
  it('opens a tab on the same page and token with the panel’s fragment, one per panel', () => {
    const { host, opened } = tabs();
    const popouts = new Popouts(api('web').value, host);
    popouts.popOut(CHART);
    expect(opened[0]).toMatchObject({
      url: `${PAGE}#panel=chart&instrument=BTC%2FUSD`,
      name: 'tickdeck-chart-BTC/USD',
    });
    expect(popouts.isOut(CHART)).toBe(true);
    popouts.popOut({ ...CHART });
    expect(popouts.panels).toEqual([CHART]);
  });

  it('docks a panel again when its tab is closed, by the page or by the user', () => {
    vi.useFakeTimers();
    const { host, opened } = tabs();
    const popouts = new Popouts(api('web').value, host);
    const stop = popouts.start();
    popouts.popOut(CHART);
    popouts.popOut({ panel: 'alerts' });
    popouts.dock(CHART);
    expect(opened[0]!.tab.closed).toBe(true);
    expect(popouts.panels).toEqual([{ panel: 'alerts' }]);
    opened[1]!.tab.closed = true; // the user closed the tab
    vi.advanceTimersByTime(TAB_POLL_MS);
    expect(popouts.panels).toEqual([]);
    stop();
  });

  it('says so when the browser blocks the tab, and shows the panel where it was', () => {
    const popouts = new Popouts(api('web').value, { pageUrl: PAGE, open: () => null });
    popouts.popOut(CHART);
    expect(popouts.isOut(CHART)).toBe(false);
    expect(popouts.error).toMatch(/blocked the new tab/);
  });
});

describe('pop-out tabs to save (browser mode)', () => {
  it('lists the open tabs where their windows are, and says when one opens or closes', () => {
    vi.useFakeTimers();
    const { host, opened } = tabs();
    const ontabs = vi.fn();
    const popouts = new Popouts(api('web').value, host, ontabs);
    const stop = popouts.start();
    popouts.popOut(CHART);
    popouts.popOut({ panel: 'alerts' });
    expect(ontabs).toHaveBeenCalledTimes(2);
    expect(popouts.tabs()).toEqual([
      { panel: CHART, bounds: { x: 100, y: 50, width: 800, height: 600 }, displayId: null },
      {
        panel: { panel: 'alerts' },
        bounds: { x: 100, y: 50, width: 800, height: 600 },
        displayId: null,
      },
    ]);
    opened[0]!.tab.closed = true; // the user closed the chart's tab
    vi.advanceTimersByTime(TAB_POLL_MS);
    expect(ontabs).toHaveBeenCalledTimes(3);
    expect(popouts.tabs().map((t) => t.panel)).toEqual([{ panel: 'alerts' }]);
    vi.advanceTimersByTime(TAB_POLL_MS * 4); // nothing changed: nothing to save
    expect(ontabs).toHaveBeenCalledTimes(3);
    stop();
  });

  it("holds a tab's reported place to the bounds a saved window may have", () => {
    const tab = (screenX: number, outerWidth: number, outerHeight = 600) => ({
      closed: false,
      close: () => {},
      screenX,
      screenY: 0.6,
      outerWidth,
      outerHeight,
    });
    expect(tabBounds(tab(-3e6, 50_000))).toEqual({ x: -100_000, y: 1, width: 16_384, height: 600 });
    expect(tabBounds(tab(Number.NaN, 20, Number.POSITIVE_INFINITY))).toEqual({
      x: 0,
      y: 1,
      width: 100,
      height: 480,
    });
    const elsewhere = {
      ...tab(0, 0),
      get screenX(): number {
        throw new DOMException('cross-origin', 'SecurityError');
      },
    };
    expect(tabBounds(elsewhere)).toEqual({ x: 0, y: 0, width: 760, height: 480 });
  });
});

describe('Popouts in the desktop app', () => {
  it('asks main for windows and follows what main says is out', async () => {
    const desk = api('desktop');
    const popouts = new Popouts(desk.value, tabs().host);
    popouts.start();
    expect(desk.invoke).toHaveBeenCalledWith('window:list');
    await vi.waitFor(() => expect(popouts.panels).toEqual([CHART]));
    popouts.dock(CHART);
    expect(desk.invoke).toHaveBeenCalledWith('window:dock', CHART);
    await vi.waitFor(() => expect(popouts.panels).toEqual([]));
    const panels: PanelRoute[] = [{ panel: 'sports' }];
    desk.listeners.get('window:panels')!(panels);
    expect(popouts.panels).toEqual(panels);
    popouts.popOut(CHART);
    expect(desk.invoke).toHaveBeenCalledWith('window:popout', CHART);
    desk.invoke.mockRejectedValueOnce(new Error('window:popout: at most 16 pop-out windows'));
    popouts.popOut({ panel: 'alerts' });
    await vi.waitFor(() => expect(popouts.error).toMatch(/at most 16/));
  });
});
