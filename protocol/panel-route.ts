/**
 * Which panel a popped-out window shows: one chart, the sports panel, the watchlist or the
 * alert log. The page learns it from its URL's fragment (`#panel=chart&instrument=ACME`), which
 * the desktop app builds for each pop-out window and the browser mode for each pop-out tab; the
 * `window:popout` and `window:dock` commands and the saved windows (./saved-windows) carry it
 * as an object. Parsed and checked here, once, for all of them.
 */
import { MAX_ID_CHARS } from './limits';

/** The panels that can be popped out. */
export const POPOUT_PANELS = ['chart', 'sports', 'watchlist', 'alerts'] as const;
export type PopoutPanel = (typeof POPOUT_PANELS)[number];

/** A panel a window shows on its own; a chart names its instrument. */
export type PanelRoute =
  | { readonly panel: 'chart'; readonly instrument: string }
  | { readonly panel: 'sports' | 'watchlist' | 'alerts' };

/** A route, or a message naming the problem. */
export type CheckedRoute =
  | { readonly ok: true; readonly value: PanelRoute }
  | { readonly ok: false; readonly error: string };

function isPanel(v: unknown): v is PopoutPanel {
  return (POPOUT_PANELS as readonly unknown[]).includes(v);
}

function isInstrumentId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;
}

const PANEL_ERROR = `panel: expected one of ${POPOUT_PANELS.join(', ')}`;
const INSTRUMENT_ERROR = `instrument: a chart needs an instrument id of 1 to ${MAX_ID_CHARS} characters`;

/** Reads a route object (a command argument, a saved window) into a fresh one. */
export function readPanelRoute(v: unknown): CheckedRoute {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, error: 'panel: expected an object' };
  const r = v as Record<string, unknown>;
  if (!isPanel(r.panel)) return { ok: false, error: PANEL_ERROR };
  if (r.panel !== 'chart') return { ok: true, value: { panel: r.panel } };
  return isInstrumentId(r.instrument)
    ? { ok: true, value: { panel: 'chart', instrument: r.instrument } }
    : { ok: false, error: INSTRUMENT_ERROR };
}

/**
 * Reads a page URL's fragment (`location.hash`, with or without its `#`): null for the main
 * view (no `panel`), a route, or an error for a fragment that names a panel badly.
 */
export function parsePanelHash(hash: string): CheckedRoute | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const panel = params.get('panel');
  if (panel === null) return null;
  return readPanelRoute({ panel, instrument: params.get('instrument') ?? undefined });
}

/** The URL fragment, `#` included, that opens `route` (the inverse of {@link parsePanelHash}). */
export function panelHash(route: PanelRoute): string {
  const params = new URLSearchParams({ panel: route.panel });
  if (route.panel === 'chart') params.set('instrument', route.instrument);
  return `#${params.toString()}`;
}

/**
 * The route's name: `chart-<instrument>`, `sports`, `watchlist`, `alerts`. A pop-out button's
 * test id is `popout-<name>`; two routes with the same name are the same window.
 */
export function panelName(route: PanelRoute): string {
  return route.panel === 'chart' ? `chart-${route.instrument}` : route.panel;
}

/** What the route shows, in words: `ACME chart`, `watchlist`, `sports panel`, `alerts panel`. */
export function panelTitle(route: PanelRoute): string {
  switch (route.panel) {
    case 'chart':
      return `${route.instrument} chart`;
    case 'watchlist':
      return 'watchlist';
    default:
      return `${route.panel} panel`;
  }
}

/**
 * The title of a window (or browser tab) showing only the route: what it shows first, so
 * several of them are told apart in a task bar or a tab strip.
 */
export function panelWindowTitle(route: PanelRoute): string {
  const title = panelTitle(route);
  const shown = route.panel === 'chart' ? title : title[0]!.toUpperCase() + title.slice(1);
  return `${shown} — Tickdeck`;
}

/** True when both routes show the same panel. */
export function samePanel(a: PanelRoute, b: PanelRoute): boolean {
  return panelName(a) === panelName(b);
}
