/**
 * Test support: a page's main world for the fake `electron` (electron-fake.ts), where
 * `contextBridge.executeInMainWorld` runs a script as Electron does: in a fresh context with a
 * page's globals only, from the function's source text, so code that works here cannot fail
 * there for reaching what a page does not have.
 */
import type { Context } from 'node:vm';
import { createContext, runInContext } from 'node:vm';

/**
 * A fresh page main world: the language's own globals plus the few a page has that the
 * page-world code may touch (events, postMessage, timers, structuredClone, console). No
 * `require`, `process`, `Buffer` or module scope, and no bundler helpers (`__name`,
 * `__publicField`…): a reference to any of them throws ReferenceError, as in a page.
 */
export function createPageWorld(): Context {
  const events = new EventTarget();
  const world: Context = createContext({
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
    setTimeout,
    clearTimeout,
    queueMicrotask,
    structuredClone,
    console,
    Event,
    EventTarget,
  });
  const self = runInContext('globalThis.window = globalThis.self = globalThis', world) as object;
  /** window.postMessage: a 'message' event from this window, data cloned, ports transferred. */
  world.postMessage = (message: unknown, _targetOrigin: string, transfer: unknown[] = []) => {
    const event = Object.assign(new Event('message'), {
      source: self,
      data: structuredClone(message),
      ports: transfer,
    });
    setTimeout(() => events.dispatchEvent(event), 0);
  };
  return world;
}

/** What `executeInMainWorld` receives. */
export interface MainWorldScript {
  readonly func: (...args: never[]) => unknown;
  readonly args?: readonly unknown[];
}

/**
 * Runs `script` as Electron does: its source text (`func.toString()`) evaluated in `world`, so
 * nothing it closes over comes along. Arguments are passed as given; Electron copies them
 * between worlds, proxying functions, which a plain call models for the types we pass.
 */
export function runInPageWorld(world: Context, script: MainWorldScript): unknown {
  const func = runInContext(`(${script.func.toString()})`, world) as (...a: unknown[]) => unknown;
  return func(...(script.args ?? []));
}

/** The page worlds `executeInMainWorld` created, newest last. */
export const pageWorlds: Context[] = [];
