/** A fake `TickdeckApi` for page tests (App, PanelApp, the alerts panel): it answers every
 *  command the pages send at start, records the calls and interests, and lets the test push
 *  batches and host events. */
import { vi } from 'vitest';
import type { Batch } from '../protocol/batch';
import type { Interest } from '../protocol/interest';
import { DEFAULT_SETTINGS, type Settings, type TickdeckApi } from '../protocol/ipc';

/** What a test adds to the fake host: its own answers (undefined: the default answer). */
export interface FakeApiOptions {
  readonly pathForFile?: (file: unknown) => string;
  /** What `settings:get` answers (the defaults unless told). */
  readonly settings?: Settings;
  readonly answer?: (channel: string, args: unknown[]) => unknown;
}

/** A host that answers every command and lets the test push batches and host events. */
export function fakeApi(host: 'desktop' | 'web', options: FakeApiOptions = {}) {
  const { pathForFile, answer, settings = DEFAULT_SETTINGS } = options;
  const calls: [string, unknown[]][] = [];
  const interests: Interest[] = [];
  let push: (b: Batch) => void = () => {};
  const events = new Map<string, (payload: unknown) => void>();
  const api: TickdeckApi = {
    host,
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
      calls.push([channel, args]);
      const answered = answer?.(channel, args);
      if (answered !== undefined) return answered;
      if (channel === 'settings:get') return settings;
      // As the host: the settings it holds with the change (a page's other choices kept).
      if (channel === 'settings:update') return { ...settings, ...(args[0] as object) };
      if (channel === 'recording:stop') return { ...STOPPED_RECORDING };
      if (channel === 'workspace:list') return { names: [], current: null };
      if (channel === 'window:list') return [];
      if (channel === 'alerts:get') return { rules: [], states: {}, log: [], version: 0 };
      return null;
    }) as TickdeckApi['invoke'],
    onBatch: (l) => {
      push = l;
      return () => {};
    },
    ack: () => {},
    declareInterest: (interest) => void interests.push(interest),
    on: (channel, listener) => {
      events.set(channel, listener as (payload: unknown) => void);
      return () => events.delete(channel);
    },
    ...(pathForFile && { pathForFile }),
  };
  const emit = (channel: string, payload: unknown) => events.get(channel)?.(payload);
  return { api, calls, interests, push: (b: Batch) => push(b), emit };
}

export const STOPPED_RECORDING = {
  active: false,
  dir: '/rec/2026-12-03_01-00-00',
  startedAt: null,
  bytes: 52_000,
  messages: 400,
};
