/**
 * The one way the dashboard reaches its host. In Electron the preload exposes the API as
 * `window.tickdeck`; in a browser (`npm run web`) this module builds the same API over the
 * web host's WebSocket, authenticated by the per-run token in the page URL, and reconnects
 * when the host restarts.
 */
import type { Batch } from '../../protocol/batch';
import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  HostEventChannel,
  HostEvents,
  TickdeckApi,
} from '../../protocol/ipc';
import {
  WEB_SOCKET_PATH,
  WEB_TOKEN_PARAM,
  type WebClientMessage,
  type WebHostMessage,
} from '../../protocol/web';

declare global {
  interface Window {
    /** Set by the Electron preload. */
    tickdeck?: TickdeckApi;
  }
}

/** Reconnect delays to the web host, ms: doubling from the first to the last. */
export const RECONNECT_MIN_MS = 250;
export const RECONNECT_MAX_MS = 4_000;

/** The host's API: Electron's preload object, or the browser-mode socket. */
export function getApi(): TickdeckApi {
  return window.tickdeck ?? createWebApi(window.location);
}

type Listener<T> = (value: T) => void;

/** Builds the browser-mode API over `WEB_SOCKET_PATH` of the page's own origin. */
export function createWebApi(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
  makeSocket: (url: string) => WebSocket = (url) => new WebSocket(url),
): TickdeckApi {
  const token = new URLSearchParams(location.search).get(WEB_TOKEN_PARAM) ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const url = `${scheme}//${location.host}${WEB_SOCKET_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`;

  const batchListeners = new Set<Listener<Batch>>();
  const eventListeners = new Map<HostEventChannel, Set<Listener<unknown>>>();
  const pending = new Map<number, { resolve: Listener<unknown>; reject: Listener<Error> }>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let delay = RECONNECT_MIN_MS;
  let wasOpen = false;
  /** The user has been told the host is lost, and not yet that it is back. */
  let toldLost = false;
  // Each socket is a new consumer on the host: it hears the page's interest again.
  let interest: WebClientMessage | null = null;

  const emit = <E extends HostEventChannel>(channel: E, payload: HostEvents[E]) => {
    for (const l of eventListeners.get(channel) ?? []) l(payload);
  };

  const send = (msg: WebClientMessage) => {
    const text = JSON.stringify(msg);
    if (socket.readyState === WebSocket.OPEN) socket.send(text);
    // Acks of a dead socket are moot, and the interest is sent again when one opens.
    else if (msg.type === 'invoke') outbox.push(text);
  };

  const connect = () => {
    socket = makeSocket(url);
    socket.onopen = () => {
      delay = RECONNECT_MIN_MS;
      const reconnected = wasOpen;
      if (reconnected)
        emit('app:notice', { level: 'info', message: 'Reconnected to the Tickdeck host.' });
      wasOpen = true;
      toldLost = false;
      if (interest !== null) socket.send(JSON.stringify(interest));
      for (const text of outbox.splice(0)) socket.send(text);
      if (reconnected) emit('app:reconnected', true);
    };
    socket.onmessage = (event) => {
      let msg: WebHostMessage;
      try {
        msg = JSON.parse(String(event.data)) as WebHostMessage;
      } catch {
        return;
      }
      if (msg.type === 'batch') for (const l of batchListeners) l(msg.batch);
      else if (msg.type === 'event') emit(msg.channel, msg.payload as never);
      else if (msg.type === 'result') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.value);
        else p?.reject(new Error(msg.error));
      }
    };
    socket.onclose = () => {
      for (const p of pending.values()) p.reject(new Error('The connection to the host closed.'));
      pending.clear();
      outbox.length = 0;
      // Told once an outage: each failed retry closes again, and a notice a retry (each with
      // its own delay in it) stacked four deep in 6 s. A refused token also ends here:
      // browsers hide the upgrade's 401/403 from pages.
      if (!toldLost)
        emit('app:notice', {
          level: 'warning',
          message: wasOpen
            ? 'Lost the connection to the Tickdeck host; reconnecting.'
            : 'Cannot reach the Tickdeck host. Open the exact URL it printed (it carries the token).',
        });
      toldLost = true;
      setTimeout(connect, delay);
      delay = Math.min(RECONNECT_MAX_MS, delay * 2);
    };
  };
  connect();

  return {
    host: 'web',
    invoke<C extends CommandChannel>(channel: C, ...args: CommandArgs<C>) {
      const id = nextId++;
      return new Promise<CommandResult<C>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as Listener<unknown>, reject });
        send({ type: 'invoke', id, channel, args });
      });
    },
    onBatch(listener) {
      batchListeners.add(listener);
      return () => batchListeners.delete(listener);
    },
    ack(seq) {
      send({ type: 'ack', seq });
    },
    declareInterest(declared) {
      interest = { type: 'interest', ...declared };
      send(interest);
    },
    on(channel, listener) {
      let set = eventListeners.get(channel);
      if (!set) eventListeners.set(channel, (set = new Set()));
      set.add(listener as Listener<unknown>);
      return () => set.delete(listener as Listener<unknown>);
    },
  };
}
