import type { WebContents } from 'electron';
import { BrowserWindow } from 'electron';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Batch } from '../../protocol/batch';
import { BATCH_PORT_CHANNEL } from '../../protocol/ipc';
import { connectBatches } from './batch-port';
import type * as Fake from '../../test-support/electron-fake';
import type { AppHost } from '../host/host';
import { createAppHost } from '../host/host';

type PagePort = Fake.MessageChannelMain['port2'];

let host: AppHost | null = null;
let dir = '';
afterEach(async () => {
  await host?.close();
  host = null;
  await rm(dir, { recursive: true, force: true });
});

/** The port the page received, as the fake webContents saw it posted. */
function pagePort(contents: Fake.BrowserWindow['webContents']): PagePort {
  const call = contents.postMessage.mock.calls.at(-1)!;
  expect(call[0]).toBe(BATCH_PORT_CHANNEL);
  return (call[2] as PagePort[])[0]!;
}

describe('batch port', () => {
  it("carries the real engine's batches to the page, cloned, paced by the page's acks", async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickdeck-port-'));
    host = await createAppHost({
      settingsPath: null,
      simulator: { seed: 3, rate: 500, heartbeatMs: 100 },
      recordingsDir: join(dir, 'recordings'),
    });
    const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
    const detach = connectBatches(host, win.webContents as unknown as WebContents);
    const port = pagePort(win.webContents);
    const batches: Batch[] = [];
    port.on('message', ({ data }: { data: Batch }) => {
      batches.push(data);
      port.postMessage({ type: 'ack', seq: data.seq });
    });
    port.start();
    // Every batch crossed a structured clone (electron-fake.ts): one that cannot be cloned
    // would have thrown in the engine's send instead of arriving here.
    await vi.waitFor(
      () => expect(batches.some((b) => (b.instruments?.length ?? 0) > 0)).toBe(true),
      { timeout: 10_000 },
    );
    await vi.waitFor(() => expect(batches.length).toBeGreaterThan(3), { timeout: 10_000 });
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => batches[0]!.seq + i));
    detach();
    const seen = batches.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(batches.length).toBe(seen);
  });

  it('ignores anything but a well-formed ack from the page', async () => {
    const attachment = { ack: vi.fn(), declareInterest: vi.fn(), detach: vi.fn() };
    const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
    connectBatches({ attach: () => attachment }, win.webContents as unknown as WebContents);
    const port = pagePort(win.webContents);
    for (const junk of [{ type: 'ack', seq: 1.5 }, { type: 'nack', seq: 2 }, 'ack', null]) {
      port.postMessage(junk);
    }
    port.postMessage({ type: 'ack', seq: 7 });
    await vi.waitFor(() => expect(attachment.ack).toHaveBeenCalled());
    expect(attachment.ack.mock.calls).toEqual([[7]]);
  });

  it("hands the page's interest to its consumer, and ignores an interest that fails its checks", async () => {
    const attachment = { ack: vi.fn(), declareInterest: vi.fn(), detach: vi.fn() };
    const win = new BrowserWindow({}) as unknown as Fake.BrowserWindow;
    connectBatches({ attach: () => attachment }, win.webContents as unknown as WebContents);
    const port = pagePort(win.webContents);
    port.postMessage({ type: 'interest', rows: ['A'], charted: [''], selected: null });
    const interest = { type: 'interest', rows: ['A', 'B'], charted: ['B'], selected: 'B' };
    port.postMessage(interest);
    await vi.waitFor(() => expect(attachment.declareInterest).toHaveBeenCalled());
    expect(attachment.declareInterest.mock.calls).toEqual([[interest]]);
  });
});
