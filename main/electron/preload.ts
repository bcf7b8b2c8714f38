/**
 * Preload (sandboxed, isolated world): gives the page `window.tickdeck`, one narrow typed API,
 * and never `ipcRenderer` itself. Commands and host events cross the context bridge; batches do
 * not: main hands this frame a MessagePort, which is forwarded into the page's own world, so
 * every batch is structured-cloned once, straight into the page, with no bridge copy.
 */
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Batch } from '../../protocol/batch';
import type { Interest } from '../../protocol/interest';
import type { CommandChannel, HostEventChannel, HostEvents, TickdeckApi } from '../../protocol/ipc';
import { BATCH_PORT_CHANNEL } from '../../protocol/ipc';

const HOST_EVENT_CHANNELS: readonly string[] = Object.keys({
  'app:notice': true,
  'app:menu': true,
  'alert:fired': true,
  'alert:show': true,
  'window:panels': true,
  'settings:changed': true,
  'alert:states': true,
  'app:reconnected': true,
} satisfies { readonly [E in HostEventChannel]: true });

type Reply = { ok: true; value: unknown } | { ok: false; error: string };

/** The isolated-world half: the only code that uses ipcRenderer. */
export const bridge = {
  async invoke(channel: CommandChannel, ...args: unknown[]): Promise<unknown> {
    const reply = (await ipcRenderer.invoke(channel, ...args)) as Reply;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  },
  on<E extends HostEventChannel>(channel: E, listener: (payload: HostEvents[E]) => void) {
    if (!HOST_EVENT_CHANNELS.includes(channel)) throw new Error(`unknown event ${channel}`);
    // Drop Electron's event object: the page gets the payload and nothing else.
    const forward = (_event: IpcRendererEvent, payload: HostEvents[E]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => void ipcRenderer.removeListener(channel, forward);
  },
  /** The path of a dropped file or folder; the contextBridge hands over the page's `File`. */
  pathForFile(file: unknown): string {
    return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
  },
};

/** The minimal page-side shapes the main-world half uses (this file is type-checked for Node). */
interface PagePort {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
interface PageWindow extends EventTarget {
  postMessage(message: unknown, targetOrigin: string, transfer?: readonly unknown[]): void;
}

/**
 * The main-world half, run there by `contextBridge.executeInMainWorld`. Electron serialises this
 * function, so it must reference nothing outside itself: everything arrives in `isolated` and
 * `portChannel`. It defines `window.tickdeck` (frozen, not writable) whose batch path is the
 * MessagePort the preload forwards with `window.postMessage`.
 */
export function installMainWorldApi(isolated: typeof bridge, portChannel: string): void {
  const page = globalThis as unknown as PageWindow;
  const listeners = new Set<(batch: Batch) => void>();
  let port: PagePort | null = null;
  // A new port is a new consumer on the host: it hears the page's interest again.
  let interest: unknown = null;
  const deliver = (event: { readonly data: unknown }) => {
    for (const listener of listeners) listener(event.data as Batch);
  };
  page.addEventListener('message', (event) => {
    const { source, data, ports } = event as unknown as {
      source: unknown;
      data: unknown;
      ports: readonly PagePort[];
    };
    if (source !== page || data !== portChannel || !ports[0]) return;
    port?.close();
    port = ports[0];
    if (interest !== null) port.postMessage(interest);
    // A port queues messages until it has a handler, so nothing is lost before onBatch.
    if (listeners.size > 0) port.onmessage = deliver;
  });
  const api = {
    host: 'desktop',
    invoke: isolated.invoke as TickdeckApi['invoke'],
    on: isolated.on,
    pathForFile: isolated.pathForFile,
    onBatch(listener: (batch: Batch) => void) {
      listeners.add(listener);
      if (port && !port.onmessage) port.onmessage = deliver;
      return () => void listeners.delete(listener);
    },
    ack(seq: number) {
      port?.postMessage({ type: 'ack', seq });
    },
    declareInterest(declared: Interest) {
      interest = { type: 'interest', ...declared };
      port?.postMessage(interest);
    },
  } as const satisfies TickdeckApi;
  Object.defineProperty(page, 'tickdeck', { value: Object.freeze(api), enumerable: true });
}

// Forward the batch port from main into the page's world (ports cannot cross contextBridge).
ipcRenderer.on(BATCH_PORT_CHANNEL, (event) => {
  (globalThis as unknown as PageWindow).postMessage(BATCH_PORT_CHANNEL, '*', event.ports);
});
contextBridge.executeInMainWorld({ func: installMainWorldApi, args: [bridge, BATCH_PORT_CHANNEL] });
