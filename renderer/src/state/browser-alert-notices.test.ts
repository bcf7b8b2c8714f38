import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import { NOTIFICATION_INTERVAL_MS } from './alert-notifier';
import { BrowserAlertNotices, browserNotifications } from './browser-alert-notices.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function alert(id: number): AlertEvent {
  const rule = parseAlertLine('ACME below 90', { id: 'low', now: 0 });
  if (!rule.ok) throw new Error(rule.error);
  return {
    id,
    rule: rule.value,
    text: 'ACME below 90',
    tick: { instrument: 'ACME', seq: id, ts: id, value: 89 },
    firedAt: 10_000 + id,
    replayPosition: null,
  };
}

/**
 * The browser's notifications as Chromium shows them: one with the tag of one on screen
 * replaces it; one without a tag is a notification of its own.
 */
function browserScreen() {
  const onScreen = new Map<string, string>();
  let untagged = 0;
  class FakeNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(_title: string, options: NotificationOptions) {
      onScreen.set(options.tag || `untagged ${untagged++}`, options.body ?? '');
    }
  }
  vi.stubGlobal('Notification', FakeNotification);
  return onScreen;
}

describe('browser notifications', () => {
  it('show an alert once with two pages open, each notifying of it (B179.1)', async () => {
    vi.useFakeTimers();
    const onScreen = browserScreen();
    const tabs = [0, 1].map(() => new BrowserAlertNotices(browserNotifications()));
    for (const tab of tabs) await tab.turn(true);
    for (const tab of tabs) tab.heard(alert(1));
    expect([...onScreen.values()]).toEqual(['ACME below 90 at 89']);
    // The next, a second later, is news of its own: shown beside it, once.
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS);
    for (const tab of tabs) tab.heard(alert(2));
    expect(onScreen.size).toBe(2);
  });
});
