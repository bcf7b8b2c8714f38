/**
 * Browser mode: how a main page and its pop-out tabs talk. A pop-out tab is opened with
 * `noopener`, so Chromium gives it a renderer process of its own (one main thread no longer
 * draws every window: docs/PERFORMANCE.md, "Four windows on three sources"), and the page gets
 * no handle on it. They talk over a `BroadcastChannel` instead, named for the main page's
 * session (carried in the pop-out's URL fragment), so two main pages never hear each other's
 * tabs. A channel reaches only pages of the same origin, and those are the host's own pages.
 *
 * The contract, defined here once: the pop-out says `hello` when it is up, `beat` every
 * {@link HEARTBEAT_INTERVAL_MS}, `bye` when its page goes, and `dock` when its Dock button is
 * clicked (then closes itself), each with its panel, its window's place and its tab's id; the
 * main page says `close` to the tab of a panel it docks, `here` in answer to each hello and beat
 * it takes, `duplicate` to a second tab of a panel it has in a tab already (one panel, one
 * window: the tab it has keeps the panel, and the other stops reporting and offers to close),
 * and `gone` when its own page goes. Anything else on the channel is ignored.
 *
 * A tab outlives its main page (closed, or reloaded: a reload keeps the session, any other load
 * makes a new one). So a main page, when it loads, also says `call` with its session on its
 * host's call channel ({@link callChannelName}: one per token, so a tab of another run of the
 * host is never called), and a tab whose page went away (it said `gone`, or no `here` for
 * {@link MISSED_BEATS} heartbeats, or, at once, its session's lock is free: ./page-locks.ts)
 * joins the caller: it moves to that session's channel and says hello there. A tab whose page lives never moves, so two main pages open at once keep
 * their own tabs; one whose page went away waits, showing its panel, for the next page to load.
 */
import type { PanelRoute } from '../../../protocol/panel-route';
import { isObj } from '../../../protocol/plain-object';
import { readPanelRoute, samePanel } from '../../../protocol/panel-route';
import type { SavedWindow } from '../../../protocol/saved-windows';
import { readSavedWindow } from '../../../protocol/saved-windows';
import { WEB_TOKEN_PARAM } from '../../../protocol/web';

/** How often a pop-out says it is still there, ms. */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/** A pop-out not heard from for this many heartbeats is taken as closed (it crashed, or hung). */
export const MISSED_BEATS = 3;
/**
 * How long a tab just opened has to say hello before the page takes it as blocked, ms:
 * `window.open` with `noopener` returns null whether or not the browser opened the tab.
 */
export const HELLO_TIMEOUT_MS = 3_000;
/**
 * How long after a tab's bye its panel is docked, ms. Quitting the browser closes the main page
 * and its tabs together: the main page must not hear its tabs go and save none for next time
 * before it goes itself. A report within it (a tab back from the back/forward cache) keeps it.
 */
export const BYE_GRACE_MS = HEARTBEAT_INTERVAL_MS;
/** The URL fragment's parameter naming the main page's session (`#panel=…&session=…`). */
export const SESSION_PARAM = 'session';

/** What a pop-out says; its window as it would be saved (the main page saves it). */
export interface PopoutReport {
  readonly kind: 'hello' | 'beat' | 'bye' | 'dock';
  readonly window: SavedWindow;
  /** The tab's id, new with each load of it: tells two tabs of one panel apart. */
  readonly tab: string;
}
/** What the main page says to its pop-outs: an order for one panel's tab, or one tab, or of itself. */
export type PopoutOrder =
  | { readonly kind: 'close'; readonly panel: PanelRoute }
  | { readonly kind: 'duplicate'; readonly tab: string }
  | { readonly kind: 'here' | 'gone' };
/** A main page just loaded, on its host's call channel: tabs whose page went away, join `session`. */
export interface PopoutCall {
  readonly kind: 'call';
  readonly session: string;
}

const REPORT_KINDS: readonly unknown[] = [
  'hello',
  'beat',
  'bye',
  'dock',
] satisfies readonly PopoutReport['kind'][];
/** A session's or a tab's id: what `crypto.randomUUID()` makes, or a short id of the same characters. */
const SESSION_RE = /^[0-9A-Za-z-]{8,64}$/;

/** The channel's name for a session. */
export function channelName(session: string): string {
  return `tickdeck-popouts-${session}`;
}

/** The session a pop-out's URL fragment names, or null when it names none or a bad one. */
export function sessionOf(hash: string): string | null {
  const session = new URLSearchParams(hash.replace(/^#/, '')).get(SESSION_PARAM);
  return session !== null && SESSION_RE.test(session) ? session : null;
}

/** The fragment's suffix that names `session` (after the panel's own `#panel=…`). */
export function sessionSuffix(session: string): string {
  if (!SESSION_RE.test(session))
    throw new Error(`pop-out session: expected an id, got "${session}"`);
  return `&${SESSION_PARAM}=${session}`;
}

/** A pop-out's report, checked (every number bounded by the saved windows' rules), or null. */
export function readReport(v: unknown): PopoutReport | null {
  if (!isObj(v) || !REPORT_KINDS.includes(v.kind)) return null;
  if (typeof v.tab !== 'string' || !SESSION_RE.test(v.tab)) return null;
  const window = readSavedWindow(v.window);
  return window.ok
    ? { kind: v.kind as PopoutReport['kind'], window: window.value, tab: v.tab }
    : null;
}

/** The main page's order, checked, when it is of the page, for `panel` or for `tab`; else null. */
export function readOrder(v: unknown, panel: PanelRoute, tab: string): PopoutOrder | null {
  if (!isObj(v)) return null;
  if (v.kind === 'here' || v.kind === 'gone') return { kind: v.kind };
  if (v.kind === 'duplicate') return v.tab === tab ? { kind: 'duplicate', tab } : null;
  if (v.kind !== 'close') return null;
  const route = readPanelRoute(v.panel);
  return route.ok && samePanel(route.value, panel) ? { kind: 'close', panel: route.value } : null;
}

/** A main page's call, checked, or null. */
export function readCall(v: unknown): PopoutCall | null {
  return isObj(v) &&
    v.kind === 'call' &&
    typeof v.session === 'string' &&
    SESSION_RE.test(v.session)
    ? { kind: 'call', session: v.session }
    : null;
}

/**
 * The call channel of the host that served `pageUrl`, named for its token (the URL's query):
 * a tab left from an earlier run of the host on the same port has another token, and is never
 * called. The name carries a 32-bit hash of the token, not the token.
 */
export function callChannelName(pageUrl: string): string {
  const token = new URL(pageUrl).searchParams.get(WEB_TOKEN_PARAM) ?? '';
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  return `tickdeck-popout-calls-${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

/** A pop-out's URL fragment naming `session` instead of the one it named. */
export function withSession(hash: string, session: string): string {
  const params = `&${SESSION_PARAM}=`;
  const at = hash.indexOf(params);
  return `${at < 0 ? hash : hash.slice(0, at)}${sessionSuffix(session)}`;
}

/** A page's leaving and its return from the back/forward cache (`window`'s; fakes in tests). */
export interface PageLife {
  addEventListener(type: 'pagehide' | 'pageshow', listener: () => void): void;
  removeEventListener(type: 'pagehide' | 'pageshow', listener: () => void): void;
}

/** A session's channel as used here: `BroadcastChannel`'s (a synchronous fake in tests). */
export interface ChannelPort {
  postMessage(message: unknown): void;
  /** Calls `listener` with each message's data (one listener; a second replaces it). */
  listen(listener: (data: unknown) => void): void;
  close(): void;
}

/** Opens a session's channel. */
export type OpenChannel = (name: string) => ChannelPort;

/** The browser's own channel. */
export const broadcastChannel: OpenChannel = (name) => {
  const channel = new BroadcastChannel(name);
  return {
    postMessage: (message) => channel.postMessage(message),
    listen: (listener) => {
      channel.onmessage = (event) => listener(event.data);
    },
    close: () => channel.close(),
  };
};

/** Where a main page keeps its session id: a reload keeps it, and hears its tabs still open. */
const SESSION_KEY = 'tickdeck-popout-session';

/**
 * The main page's session id. A reload keeps the one it had; any other load makes a new one,
 * since a tab the browser duplicates (or restores) comes with a copy of the `sessionStorage`
 * and must not share its original's tabs. `navigation` is the page load's type
 * (`PerformanceNavigationTiming.type`).
 */
export function pageSession(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  navigation: string,
  makeId: () => string = () => crypto.randomUUID(),
): string {
  const kept = storage.getItem(SESSION_KEY);
  if (navigation === 'reload' && kept !== null && SESSION_RE.test(kept)) return kept;
  const made = makeId();
  storage.setItem(SESSION_KEY, made);
  return made;
}

/** This page load's navigation type: `navigate`, `reload`, `back_forward`, `prerender`. */
export function navigationType(): string {
  const [entry] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  return entry?.type ?? 'navigate';
}
