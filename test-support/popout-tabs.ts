/**
 * Fakes for the browser page's pop-out tabs (renderer/src/state/popout-*): a channel bus that
 * delivers like `BroadcastChannel` (to every other port of the same name, a structured clone)
 * but at once, a tab's `window`, and a `window.open` whose tabs a test loads when it likes.
 */
import { vi } from 'vitest';
import { parsePanelHash } from '../protocol/panel-route';
import type { SessionLocks } from '../renderer/src/state/page-locks';
import type { ChannelPort, OpenChannel } from '../renderer/src/state/popout-channel';
import { sessionOf, withSession } from '../renderer/src/state/popout-channel';
import type { PopoutLink, Presence, PresencePage } from '../renderer/src/state/popout-presence';
import { announcePopout } from '../renderer/src/state/popout-presence';
import type { TabHost } from '../renderer/src/state/popout-tabs';

/** A page URL with its token, as the browser mode serves it. */
export const PAGE_URL = 'http://127.0.0.1:5180/?token=abc';
/** A main page's session id. */
export const SESSION = '0f8e4a52-1111-4a5b-9c1d-2e3f4a5b6c7d';

/** Channels by name, delivering synchronously; `posted` is every message, by channel name. */
export function channelBus() {
  const ports = new Map<string, Set<{ listener: (data: unknown) => void }>>();
  const posted: { name: string; data: unknown }[] = [];
  const open: OpenChannel = (name) => {
    const self = { listener: (_data: unknown) => {} };
    const peers = ports.get(name) ?? new Set();
    ports.set(name, peers.add(self));
    let closed = false;
    const port: ChannelPort = {
      postMessage: (data) => {
        if (closed) throw new DOMException('channel closed', 'InvalidStateError');
        posted.push({ name, data });
        for (const peer of [...peers]) if (peer !== self) peer.listener(structuredClone(data));
      },
      listen: (listener) => void (self.listener = listener),
      close: () => {
        closed = true;
        peers.delete(self);
      },
    };
    return port;
  };
  return { open, posted, locks: fakeLocks() };
}

/**
 * Web Locks as a page and its tabs use them, answering at once: a session is held from `hold`
 * to its release (a page that crashes lets go too: the browser does it). `unknown()` makes
 * every answer unknown, as outside a secure context.
 */
export function fakeLocks() {
  const holds = new Map<string, number>();
  let known = true;
  const locks = {
    hold: (session: string) => {
      holds.set(session, (holds.get(session) ?? 0) + 1);
      let held = true;
      return () => {
        if (held) holds.set(session, holds.get(session)! - 1);
        held = false;
      };
    },
    held: async (session: string) => (known ? (holds.get(session) ?? 0) > 0 : null),
    unknown: () => void (known = false),
  } satisfies SessionLocks & Record<string, unknown>;
  return locks;
}

/**
 * A tab's `window`: at 100, 50, 800 × 600; `hide()` fires `pagehide` as leaving the page does,
 * `show()` `pageshow` as coming back to it from the back/forward cache does.
 */
export function fakePage(place = { screenX: 100, screenY: 50, outerWidth: 800, outerHeight: 600 }) {
  const events = new EventTarget();
  const page = {
    ...place,
    closed: false,
    close: () => void (page.closed = true),
    addEventListener: (type: string, l: () => void) => events.addEventListener(type, l),
    removeEventListener: (type: string, l: () => void) => events.removeEventListener(type, l),
    hide: () => events.dispatchEvent(new Event('pagehide')),
    show: () => events.dispatchEvent(new Event('pageshow')),
  } satisfies PresencePage & Record<string, unknown>;
  return page;
}

/**
 * A main page's tab host on `bus`. Each `open` records a URL; `load(i)` starts that tab's page
 * (the pop-out's side, on the session its URL names) and returns it. `allow(n)` lets only the
 * next n calls open a tab: the later ones open nothing, as a blocker allowing one tab a click.
 */
export function fakeTabHost(
  bus = channelBus(),
  { pageUrl = PAGE_URL, session = SESSION, page = fakePage() } = {},
) {
  const opened: string[] = [];
  let allowed = Infinity;
  const host = {
    pageUrl,
    session,
    open: vi.fn((url: string) => {
      if (allowed <= 0) return;
      allowed--;
      opened.push(url);
    }),
    openChannel: bus.open,
    now: () => Date.now(),
    page,
    locks: bus.locks,
  } satisfies TabHost;
  const load = (i: number, tab = fakePage()) => loadTab(opened[i]!, bus, tab);
  return { host, opened, bus, load, page, allow: (n: number) => void (allowed = n) };
}

/**
 * Starts the pop-out's side of a tab opened on `url`, on the session its URL names. `crash()`
 * silences it at once, with no bye, as a crashed or hung renderer; `url()` is its URL now (a
 * tab that joined another main page names that page's session); `duplicate()` whether it was
 * told it is a second tab of its panel.
 */
export function loadTab(
  url: string,
  bus: { readonly open: OpenChannel; readonly locks: SessionLocks },
  page = fakePage(),
) {
  const { open } = bus;
  const [pageUrl, fragment] = url.split('#') as [string, string];
  let hash = `#${fragment}`;
  const route = parsePanelHash(hash);
  const session = sessionOf(hash);
  if (route === null || !route.ok || session === null)
    throw new Error(`fake tab: ${url} names no panel or session`);
  let crashed = false;
  const muted: OpenChannel = (name) => {
    const port = open(name);
    return { ...port, postMessage: (data) => void (crashed || port.postMessage(data)) };
  };
  const link: PopoutLink = {
    openChannel: muted,
    pageUrl,
    session,
    keepSession: (s) => void (hash = withSession(hash, s)),
    locks: bus.locks,
    onduplicate: () => void (duplicate = true),
  };
  let duplicate = false;
  const presence: Presence = announcePopout(link, route.value, page);
  return {
    presence,
    page,
    crash: () => void (crashed = true),
    url: () => `${pageUrl}${hash}`,
    duplicate: () => duplicate,
  };
}
