/**
 * Browser mode, a pop-out tab's side (the contract: ./popout-channel): it says hello when it is
 * up, beats while it lives, says bye when its page goes, docks on its button, and closes itself
 * when the main page docks its panel. Each report carries the tab's window's place, which the
 * main page saves (one writer of the saved tabs). When its main page goes away, it waits and
 * joins the next main page that calls. Told it is a second tab of a panel the page has in a tab
 * already, it stops reporting (the page keeps the other) and says so.
 */
import type { PanelRoute } from '../../../protocol/panel-route';
import type { WindowBounds } from '../../../protocol/saved-windows';
import {
  MAX_WINDOW_OFFSET_PX,
  MAX_WINDOW_SIDE_PX,
  MIN_WINDOW_SIDE_PX,
  POPOUT_SIZE,
} from '../../../protocol/saved-windows';
import type { SessionLocks } from './page-locks';
import type {
  ChannelPort,
  OpenChannel,
  PageLife,
  PopoutCall,
  PopoutReport,
} from './popout-channel';
import {
  HEARTBEAT_INTERVAL_MS,
  MISSED_BEATS,
  callChannelName,
  channelName,
  readCall,
  readOrder,
} from './popout-channel';

/** What the tab's side needs of its `window` (a fake in tests). */
export interface PresencePage extends PageLife {
  readonly screenX: number;
  readonly screenY: number;
  readonly outerWidth: number;
  readonly outerHeight: number;
  close(): void;
}

/** Where the tab talks: its main page's session, and its host's call channel. */
export interface PopoutLink {
  readonly openChannel: OpenChannel;
  /** The tab's URL without its fragment: its token names the host's call channel. */
  readonly pageUrl: string;
  /** The session its URL names: the main page that opened it. */
  readonly session: string;
  /** Writes a session the tab joined into its URL, so a reload of the tab keeps it. */
  keepSession(session: string): void;
  /** Whether a main page's session is still held: a crashed page's tab joins a new page at once. */
  readonly locks: SessionLocks;
  /** The page has this panel in another tab: this one stopped reporting. */
  onduplicate(): void;
}

/** Where the tab's window is, held to the bounds a saved window may have (a browser reports what it likes). */
export function pageBounds(page: PresencePage): WindowBounds {
  const within = (v: number, min: number, max: number, otherwise: number) =>
    Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : otherwise;
  const offset = MAX_WINDOW_OFFSET_PX;
  const [minSide, maxSide] = [MIN_WINDOW_SIDE_PX, MAX_WINDOW_SIDE_PX];
  return {
    x: within(page.screenX, -offset, offset, 0),
    y: within(page.screenY, -offset, offset, 0),
    width: within(page.outerWidth, minSide, maxSide, POPOUT_SIZE.width),
    height: within(page.outerHeight, minSide, maxSide, POPOUT_SIZE.height),
  };
}

export interface Presence {
  /** Says the tab is alive unless it said so within a heartbeat (call as often as you like). */
  alive(): void;
  /** The Dock button: the main page docks the panel, and the tab closes. */
  dock(): void;
  /** Stops reporting (says bye) and closes the channel. */
  stop(): void;
}

/** Starts the tab's reports for `panel` to the main page of `link.session`. */
export function announcePopout(
  link: PopoutLink,
  panel: PanelRoute,
  page: PresencePage,
  now: () => number = Date.now,
  tab: string = crypto.randomUUID(),
): Presence {
  let lastSent = -Infinity;
  let live = true;
  const say = (kind: PopoutReport['kind']) => {
    if (!live) return;
    lastSent = now();
    const report: PopoutReport = {
      kind,
      window: { panel, bounds: pageBounds(page), displayId: null },
      tab,
    };
    port.postMessage(report);
  };
  // Between a bye and the page's return (the back/forward cache) it says nothing.
  let hidden = false;
  const alive = () => {
    if (!hidden && now() - lastSent >= HEARTBEAT_INTERVAL_MS) say('beat');
  };
  const onhide = () => {
    say('bye');
    hidden = true;
  };
  const onshow = () => {
    hidden = false;
    say('hello');
  };
  /** Says nothing more, and hears nothing more. */
  const quiet = () => {
    live = false;
    clearInterval(timer);
    page.removeEventListener('pagehide', onhide);
    page.removeEventListener('pageshow', onshow);
    port.close();
    calls.close();
  };
  const stop = () => {
    say('bye');
    quiet();
  };
  // The main page is there while it answers; it went away when it said so or fell silent.
  let session = link.session;
  let pageHeard = now();
  let pageGone = false;
  const orphaned = () => pageGone || now() - pageHeard > HEARTBEAT_INTERVAL_MS * MISSED_BEATS;
  const listen = (channel: ChannelPort) =>
    channel.listen((data) => {
      const order = readOrder(data, panel, tab);
      if (order?.kind === 'here') [pageHeard, pageGone] = [now(), false];
      else if (order?.kind === 'gone') pageGone = true;
      else if (order?.kind === 'duplicate') {
        quiet();
        link.onduplicate();
      } else if (order?.kind === 'close') {
        stop();
        page.close();
      }
    });
  let port = link.openChannel(channelName(session));
  listen(port);
  const join = (call: PopoutCall) => {
    if (!live) return;
    waiting = null;
    port.close();
    session = call.session;
    port = link.openChannel(channelName(session));
    listen(port);
    link.keepSession(session);
    [pageHeard, pageGone] = [now(), false];
    say('hello');
  };
  // A main page that loads calls: a tab whose page went away joins it. A call heard while the
  // page may yet answer waits: joined if the browser says the page is gone (it crashed), or
  // once the page's silence reaches the missed beats; dropped if the page answers meanwhile.
  let waiting: { readonly call: PopoutCall; readonly at: number } | null = null;
  const calls = link.openChannel(callChannelName(link.pageUrl));
  calls.listen((data) => {
    const call = readCall(data);
    if (call === null || !live) return;
    if (orphaned()) return join(call);
    const asked = { call, at: now() };
    waiting = asked;
    void link.locks.held(session).then((held) => {
      if (held === false && waiting === asked) join(call);
    });
  });
  /** A heartbeat's check of a waiting call. */
  const wait = () => {
    if (waiting === null) return;
    if (pageHeard > waiting.at || now() - waiting.at > HEARTBEAT_INTERVAL_MS * (MISSED_BEATS + 2))
      waiting = null;
    else if (orphaned()) join(waiting.call);
  };
  page.addEventListener('pagehide', onhide);
  page.addEventListener('pageshow', onshow);
  const timer = setInterval(() => {
    alive();
    wait();
  }, HEARTBEAT_INTERVAL_MS);
  say('hello');
  return {
    alive,
    dock: () => {
      say('dock');
      stop();
      page.close();
    },
    stop,
  };
}
