import { describe, expect, it } from 'vitest';
import { MAX_ID_CHARS } from './limits';
import {
  panelHash,
  panelName,
  panelTitle,
  panelWindowTitle,
  parsePanelHash,
  readPanelRoute,
  samePanel,
} from './panel-route';

describe('parsePanelHash', () => {
  it('is null for the main view: no fragment, or one without a panel', () => {
    expect(parsePanelHash('')).toBeNull();
    expect(parsePanelHash('#')).toBeNull();
    expect(parsePanelHash('#x=1')).toBeNull();
  });

  it('reads each panel, with or without the #', () => {
    expect(parsePanelHash('#panel=chart&instrument=ACME')).toEqual({
      ok: true,
      value: { panel: 'chart', instrument: 'ACME' },
    });
    expect(parsePanelHash('panel=sports')).toEqual({ ok: true, value: { panel: 'sports' } });
    expect(parsePanelHash('#panel=watchlist')).toEqual({ ok: true, value: { panel: 'watchlist' } });
    // An instrument on a panel that takes none is dropped, not carried along.
    expect(parsePanelHash('#panel=alerts&instrument=ACME')).toEqual({
      ok: true,
      value: { panel: 'alerts' },
    });
  });

  it('refuses an unknown panel and a chart without a usable instrument, naming the part', () => {
    expect(parsePanelHash('#panel=depth')).toEqual({
      ok: false,
      error: 'panel: expected one of chart, sports, watchlist, alerts',
    });
    expect(parsePanelHash('#panel=chart')).toMatchObject({ ok: false, error: /^instrument: / });
    expect(parsePanelHash('#panel=chart&instrument=')).toMatchObject({ ok: false });
    const long = 'x'.repeat(MAX_ID_CHARS + 1);
    expect(parsePanelHash(`#panel=chart&instrument=${long}`)).toMatchObject({ ok: false });
    expect(parsePanelHash(`#panel=chart&instrument=${long.slice(1)}`)).toMatchObject({ ok: true });
  });

  it('round-trips ids that need escaping (exchange pairs, spaces, ampersands)', () => {
    for (const instrument of ['BTC/USD', 'kraken:BTC/USD', 'A&B=C', 'a b#c', 'é€']) {
      const route = { panel: 'chart', instrument } as const;
      expect(parsePanelHash(panelHash(route))).toEqual({ ok: true, value: route });
    }
    expect(panelHash({ panel: 'sports' })).toBe('#panel=sports');
  });
});

describe('readPanelRoute', () => {
  it('refuses what is not a route object, and copies only the route', () => {
    expect(readPanelRoute(null)).toEqual({ ok: false, error: 'panel: expected an object' });
    expect(readPanelRoute(['chart'])).toMatchObject({ ok: false });
    expect(readPanelRoute({ panel: 'chart', instrument: 7 })).toMatchObject({ ok: false });
    expect(readPanelRoute({ panel: 'watchlist', extra: 1 })).toEqual({
      ok: true,
      value: { panel: 'watchlist' },
    });
  });
});

describe('panelName', () => {
  it('names the pop-out button and tells two windows apart', () => {
    expect(panelName({ panel: 'chart', instrument: 'ACME' })).toBe('chart-ACME');
    expect(panelName({ panel: 'alerts' })).toBe('alerts');
    expect(
      samePanel({ panel: 'chart', instrument: 'A' }, { panel: 'chart', instrument: 'A' }),
    ).toBe(true);
    expect(
      samePanel({ panel: 'chart', instrument: 'A' }, { panel: 'chart', instrument: 'B' }),
    ).toBe(false);
  });
});

describe('panelTitle and panelWindowTitle', () => {
  it('say what a pop-out shows in words, its window title with what it shows first', () => {
    const chart = { panel: 'chart', instrument: 'kraken:BTC/USD' } as const;
    expect(panelTitle(chart)).toBe('kraken:BTC/USD chart');
    expect(panelTitle({ panel: 'sports' })).toBe('sports panel');
    expect(panelTitle({ panel: 'watchlist' })).toBe('watchlist');
    expect(panelTitle({ panel: 'alerts' })).toBe('alerts panel');
    // An instrument's id keeps its case; a panel's name starts the title with a capital.
    expect(panelWindowTitle(chart)).toBe('kraken:BTC/USD chart — Tickdeck');
    expect(panelWindowTitle({ panel: 'sports' })).toBe('Sports panel — Tickdeck');
  });
});
