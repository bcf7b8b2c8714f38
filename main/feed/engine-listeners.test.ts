import { describe, expect, it } from 'vitest';
import type { ConnectionEvent } from './engine-api';
import { EngineListeners } from './engine-listeners';

describe('EngineListeners', () => {
  it('hands raw frames, replay frames and events each to its own listeners', () => {
    const listeners = new EngineListeners();
    const frames: unknown[] = [];
    const replayFrames: unknown[] = [];
    const events: ConnectionEvent[] = [];
    listeners.onRawFrame((text, at, source) => frames.push([text, at, source]));
    listeners.onReplayFrame((text, at) => replayFrames.push([text, at]));
    listeners.onConnectionEvent((event) => events.push(event));
    listeners.frame('{"op":"heartbeat"}', 5, 'kraken');
    listeners.replayFrame('{"op":"replay"}', 6);
    const gap: ConnectionEvent = { type: 'gap', source: 'kraken', instrument: 'A', at: 7 };
    listeners.event(gap);
    expect(frames).toEqual([['{"op":"heartbeat"}', 5, 'kraken']]);
    expect(replayFrames).toEqual([['{"op":"replay"}', 6]]);
    expect(events).toEqual([gap]);
  });

  it('stops telling a listener once it unsubscribes, and everyone once cleared', () => {
    const listeners = new EngineListeners();
    const heard: string[] = [];
    const stop = listeners.onRawFrame((text) => heard.push(`first ${text}`));
    listeners.onRawFrame((text) => heard.push(`second ${text}`));
    listeners.onReplayFrame((text) => heard.push(`replay ${text}`));
    listeners.frame('a', 1, 'sim');
    stop();
    listeners.frame('b', 2, 'sim');
    listeners.clear();
    listeners.frame('c', 3, 'sim');
    listeners.replayFrame('d', 4);
    listeners.event({ type: 'removed', source: 'sim', at: 5 });
    expect(heard).toEqual(['first a', 'second a', 'second b']);
  });
});
