import { contextBridge, MessageChannelMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type * as Fake from './electron-fake';

const fake = {
  contextBridge: contextBridge as unknown as typeof Fake.contextBridge,
  MessageChannelMain: MessageChannelMain as unknown as typeof Fake.MessageChannelMain,
};

describe('the fake electron is as strict as Electron', () => {
  it('runs a page-world function from its source text, in a world with no Node in it', () => {
    const seen = fake.contextBridge.executeInMainWorld({
      func: (tag: string) => ({
        tag,
        window: typeof window,
        require: typeof require,
        process: typeof process,
        buffer: typeof Buffer,
      }),
      args: ['from preload'],
    });
    expect(seen).toEqual({
      tag: 'from preload',
      window: 'object',
      require: 'undefined',
      process: 'undefined',
      buffer: 'undefined',
    });
  });

  it('fails a page-world function that uses anything from outside itself, as Electron would', () => {
    const helper = (n: number) => n + 1;
    expect(() => fake.contextBridge.executeInMainWorld({ func: () => helper(1) })).toThrow(
      /helper is not defined/,
    );
    // What esbuild's keepNames leaves behind when it bundles the preload.
    const bundled = new Function('return () => { const f = __name(() => 1, "f"); return f(); }')();
    expect(() => fake.contextBridge.executeInMainWorld({ func: bundled })).toThrow(
      /__name is not defined/,
    );
  });

  it('structured-clones what crosses a MessagePort and delivers it once the port starts', async () => {
    const { port1, port2 } = new fake.MessageChannelMain();
    const received = vi.fn();
    port2.on('message', received);
    const batch = { seq: 1, rows: [{ instrument: 'ACME', bid: 101.2 }] };
    port1.postMessage(batch);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).not.toHaveBeenCalled();
    port2.start();
    await vi.waitFor(() => expect(received).toHaveBeenCalledTimes(1));
    const { data } = received.mock.calls[0]![0] as { data: typeof batch };
    expect(data).toEqual(batch);
    expect(data).not.toBe(batch);
  });

  it('throws on a batch that cannot be cloned, as MessagePortMain.postMessage does', () => {
    const { port1 } = new fake.MessageChannelMain();
    expect(() => port1.postMessage({ seq: 1, format: (n: number) => n.toFixed(2) })).toThrow(
      /could not be cloned/,
    );
  });
});
