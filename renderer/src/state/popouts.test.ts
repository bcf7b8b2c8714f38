import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TickdeckApi } from '../../../protocol/ipc';
import type { PanelRoute } from '../../../protocol/panel-route';
import { BLOCKED_TAB, Popouts } from './popouts.svelte';
import { BYE_GRACE_MS, HEARTBEAT_INTERVAL_MS, HELLO_TIMEOUT_MS } from './popout-channel';
import { fakeTabHost, PAGE_URL, SESSION } from '../../../test-support/popout-tabs';

afterEach(() => vi.useRealTimers());

const CHART = { panel: 'chart', instrument: 'BTC/USD' } as const;
const ALERTS = { panel: 'alerts' } as const;

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

const TAB_PLACE = { x: 100, y: 50, width: 800, height: 600 };

describe('Popouts in browser mode', () => {
  beforeEach(() => vi.useFakeTimers());

  it('opens a tab without its opener, shows the panel out, and saves it once it says hello', () => {
    const tabs = fakeTabHost();
    const ontabs = vi.fn();
    const popouts = new Popouts(api('web').value, () => tabs.host, ontabs);
    const stop = popouts.start();
    popouts.popOut(CHART);
    expect(tabs.opened).toEqual([
      `${PAGE_URL}#panel=chart&instrument=BTC%2FUSD&session=${SESSION}`,
    ]);
    expect(popouts.isOut(CHART)).toBe(true);
    expect(popouts.tabs()).toEqual([]);
    tabs.load(0);
    expect(popouts.tabs()).toEqual([{ panel: CHART, bounds: TAB_PLACE, displayId: null }]);
    expect(ontabs).toHaveBeenCalledTimes(2);
    popouts.popOut({ ...CHART });
    expect(tabs.opened).toHaveLength(1);
    stop();
  });

  it('docks a panel again when its tab is closed, by the page or by the user', () => {
    const tabs = fakeTabHost();
    const popouts = new Popouts(api('web').value, () => tabs.host);
    const stop = popouts.start();
    popouts.popOut(CHART);
    popouts.popOut(ALERTS);
    const chart = tabs.load(0);
    const alerts = tabs.load(1);
    popouts.dock(CHART);
    expect(chart.page.closed).toBe(true);
    expect(popouts.panels).toEqual([ALERTS]);
    alerts.page.hide(); // the user closed the tab
    vi.advanceTimersByTime(BYE_GRACE_MS + HEARTBEAT_INTERVAL_MS);
    expect(popouts.panels).toEqual([]);
    stop();
  });

  it('says so when the tab never says hello (blocked), and shows the panel where it was', () => {
    const tabs = fakeTabHost();
    tabs.allow(0);
    const popouts = new Popouts(api('web').value, () => tabs.host);
    const stop = popouts.start();
    popouts.popOut(CHART);
    expect(popouts.error).toBeNull();
    vi.advanceTimersByTime(HELLO_TIMEOUT_MS + HEARTBEAT_INTERVAL_MS);
    expect(popouts.isOut(CHART)).toBe(false);
    expect(popouts.error).toBe(BLOCKED_TAB);
    stop();
  });
});

describe('Popouts in the desktop app', () => {
  it('asks main for windows and follows what main says is out', async () => {
    const desk = api('desktop');
    const tabs = fakeTabHost();
    const makeTabs = vi.fn(() => tabs.host);
    const popouts = new Popouts(desk.value, makeTabs);
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
    // No tab host, no tab and no channel: main owns the windows.
    expect(makeTabs).not.toHaveBeenCalled();
    expect(tabs.opened).toEqual([]);
    expect(tabs.bus.posted).toEqual([]);
  });
});
