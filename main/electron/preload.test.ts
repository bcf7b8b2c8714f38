import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { runInContext } from 'node:vm';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { TickdeckApi } from '../../protocol/ipc';
import { BATCH_PORT_CHANNEL } from '../../protocol/ipc';
import {
  createPageWorld,
  pageWorlds,
  runInPageWorld,
  type MainWorldScript,
} from '../../test-support/page-world';
import { bridge } from './preload';

/**
 * A page world of its own with the preload's main-world installer run in it, as Electron runs
 * it (the fake's executeInMainWorld): each test gets a page nothing else has touched.
 */
function installInFreshWorld(): { page: object; self: object; api: TickdeckApi } {
  const script = vi.mocked(contextBridge.executeInMainWorld).mock.calls[0]![0] as MainWorldScript;
  const page = createPageWorld();
  runInPageWorld(page, script);
  // What the page's own code sees as `window` (the context's global proxy).
  const self = runInContext('globalThis', page) as object;
  return { page, self, api: (page as { tickdeck: TickdeckApi }).tickdeck };
}

function sendPort(page: object, source: unknown, port: MessagePort): void {
  const event = Object.assign(new Event('message'), {
    source,
    data: BATCH_PORT_CHANNEL,
    ports: [port],
  });
  (page as { dispatchEvent(e: Event): void }).dispatchEvent(event);
}

describe('preload', () => {
  beforeAll(() => {
    expect(contextBridge.executeInMainWorld).toHaveBeenCalledTimes(1);
  });

  it('installs window.tickdeck in the page world when it loads, from its source text alone', () => {
    // Importing the preload ran its installer in a fresh page world (see page-world.ts): a
    // bundler helper or a reference outside the function would have thrown there.
    expect(pageWorlds).toHaveLength(1);
    expect(Object.keys((pageWorlds[0] as { tickdeck: object }).tickdeck)).toContain('onBatch');
  });

  it('never exposes ipcRenderer: the page gets one frozen API object', () => {
    expect(contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
    const { page, api } = installInFreshWorld();
    expect(Object.keys(api).sort()).toEqual([
      'ack',
      'declareInterest',
      'host',
      'invoke',
      'on',
      'onBatch',
      'pathForFile',
    ]);
    expect(api.host).toBe('desktop');
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => {
      (page as { tickdeck: unknown }).tickdeck = {};
    }).toThrow();
  });

  it('delivers batches from the port to the page and sends acks back on it', async () => {
    const { page, self, api } = installInFreshWorld();
    const { port1: mainSide, port2: pageSide } = new MessageChannel();
    sendPort(page, self, pageSide);
    mainSide.postMessage({ seq: 1 }); // queued before anyone listens
    const received: unknown[] = [];
    api.onBatch((batch) => received.push(batch));
    await vi.waitFor(() => expect(received).toEqual([{ seq: 1 }]));
    const ack = new Promise((resolve) => mainSide.once('message', resolve));
    api.ack(1);
    expect(await ack).toEqual({ type: 'ack', seq: 1 });
    mainSide.close();
  });

  it("sends the page's interest on the port, and again on the port of the next page load", async () => {
    const { page, self, api } = installInFreshWorld();
    const interest = { rows: ['A'], charted: ['A'], selected: 'A' };
    api.declareInterest(interest); // before any port: kept for the first one
    const { port1: first, port2: firstPage } = new MessageChannel();
    const heard = new Promise((resolve) => first.once('message', resolve));
    sendPort(page, self, firstPage);
    expect(await heard).toEqual({ type: 'interest', ...interest });
    const { port1: second, port2: secondPage } = new MessageChannel();
    const again = new Promise((resolve) => second.once('message', resolve));
    sendPort(page, self, secondPage);
    expect(await again).toEqual({ type: 'interest', ...interest });
    first.close();
    second.close();
  });

  it('ignores a port posted by anything other than the page itself', async () => {
    const { page, api } = installInFreshWorld();
    const { port1: foreign, port2 } = new MessageChannel();
    sendPort(page, null, port2);
    const received: unknown[] = [];
    api.onBatch((batch) => received.push(batch));
    foreign.postMessage({ seq: 9 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received).toEqual([]);
    foreign.close();
    port2.close();
  });

  it('forwards the batch port from main into the page world', () => {
    const post = vi.fn();
    vi.stubGlobal('postMessage', post);
    const forward = vi
      .mocked(ipcRenderer.on)
      .mock.calls.find(([channel]) => channel === BATCH_PORT_CHANNEL)![1];
    const ports = [{}];
    forward({ ports } as never);
    expect(post).toHaveBeenCalledWith(BATCH_PORT_CHANNEL, '*', ports);
    vi.unstubAllGlobals();
  });

  it('resolves commands with their value and rejects with the host error', async () => {
    vi.mocked(ipcRenderer.invoke).mockResolvedValueOnce({ ok: true, value: { theme: 'dark' } });
    await expect(bridge.invoke('settings:get')).resolves.toEqual({ theme: 'dark' });
    vi.mocked(ipcRenderer.invoke).mockResolvedValueOnce({ ok: false, error: 'batchHz: too high' });
    await expect(bridge.invoke('settings:update', { batchHz: 999 })).rejects.toThrow(
      'batchHz: too high',
    );
  });

  it('subscribes only to host event channels and passes the payload alone', () => {
    expect(() => bridge.on('batch:port' as never, () => {})).toThrow(/unknown event/);
    const listener = vi.fn();
    const off = bridge.on('app:notice', listener);
    const forward = vi.mocked(ipcRenderer.on).mock.calls.at(-1)![1];
    const notice = { level: 'warning', message: 'settings reset' };
    forward({ sender: 'electron internals' } as never, notice);
    expect(listener).toHaveBeenCalledWith(notice);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('app:notice', forward);
  });

  it('resolves the path of a file dropped on the page with webUtils, for opening a recording', () => {
    vi.mocked(webUtils.getPathForFile).mockReturnValueOnce('/home/me/Tickdeck recordings/r1');
    const { api } = installInFreshWorld();
    const dropped = { name: 'r1' };
    expect(api.pathForFile!(dropped)).toBe('/home/me/Tickdeck recordings/r1');
    expect(webUtils.getPathForFile).toHaveBeenCalledWith(dropped);
  });
});
