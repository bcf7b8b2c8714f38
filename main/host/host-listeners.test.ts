import { describe, expect, it } from 'vitest';
import type { AlertStatesChange } from '../../protocol/alerts';
import type { Notice } from '../../protocol/ipc';
import { DEFAULT_SETTINGS } from '../../protocol/settings';
import { HostListeners } from './host-listeners';

const NOTICE: Notice = { level: 'error', message: 'settings.json could not be read' };
const NO_CHANGE: AlertStatesChange = {
  version: 1,
  states: {},
  put: [],
  removed: [],
  logCleared: false,
};

describe('HostListeners', () => {
  it('keeps notices raised before any listener for the first one alone', () => {
    const listeners = new HostListeners();
    listeners.notify(NOTICE);
    const first: unknown[] = [];
    const second: unknown[] = [];
    listeners.onEvent((channel, payload) => first.push([channel, payload]));
    listeners.onEvent((channel, payload) => second.push([channel, payload]));
    expect(first).toEqual([['app:notice', NOTICE]]);
    expect(second).toEqual([]);
  });

  it('drops other events no one listens to, and tells every listener those it hears of', () => {
    const listeners = new HostListeners();
    listeners.emit('alert:states', NO_CHANGE);
    const heard: string[] = [];
    const stop = listeners.onEvent((channel) => heard.push(`a ${channel}`));
    listeners.onEvent((channel) => heard.push(`b ${channel}`));
    listeners.notify(NOTICE);
    stop();
    listeners.emit('settings:changed', DEFAULT_SETTINGS);
    // A notice someone heard is not kept for a later listener.
    listeners.onEvent((channel) => heard.push(`c ${channel}`));
    expect(heard).toEqual(['a app:notice', 'b app:notice', 'b settings:changed']);
  });
});
