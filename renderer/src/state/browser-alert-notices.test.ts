import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../../../protocol/alerts';
import { parseAlertLine } from '../../../protocol/alert-line';
import { NOTIFICATION_INTERVAL_MS, NOTIFICATION_SLACK_MS } from './alert-notifier';
import { BrowserAlertNotices, browserNotifications } from './browser-alert-notices.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function alert(id: number, firedAt = 10_000 + id): AlertEvent {
  const rule = parseAlertLine('ACME below 90', { id: 'low', now: 0 });
  if (!rule.ok) throw new Error(rule.error);
  return {
    id,
    rule: rule.value,
    text: 'ACME below 90',
    tick: { instrument: 'ACME', seq: id, ts: id, value: 89 },
    firedAt,
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
  it('show an alert once with two pages open, each notifying of it (bug 251)', async () => {
    vi.useFakeTimers();
    const onScreen = browserScreen();
    const tabs = [0, 1].map(() => new BrowserAlertNotices(browserNotifications()));
    for (const tab of tabs) await tab.turn(true);
    for (const tab of tabs) tab.heard(alert(1));
    expect([...onScreen.values()]).toEqual(['ACME below 90 at 89']);
    // The next, seconds later, is news of its own: shown beside it, once.
    for (const tab of tabs) tab.heard(alert(2, 13_000));
    expect(onScreen.size).toBe(2);
    for (const tab of tabs) tab.stop();
  });

  it('show the same alerts in two pages under a flood, whenever each began to hear it (bug 251)', async () => {
    vi.useFakeTimers();
    const shown: string[][] = [[], []];
    const tabs = shown.map(
      (tags) =>
        new BrowserAlertNotices({
          permission: () => 'granted',
          request: async () => 'granted',
          show: (_title, _body, tag) => tags.push(tag),
        }),
    );
    for (const tab of tabs) await tab.turn(true);
    // An `every 0s` rule, an alert every 10 ms for 3 s; the second page opened 370 ms in.
    for (let i = 0; i < 300; i++) {
      vi.advanceTimersByTime(10);
      const event = alert(i, 10_000 + 10 * i);
      tabs[0]!.heard(event);
      if (i >= 37) tabs[1]!.heard(event);
    }
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS + NOTIFICATION_SLACK_MS);
    // One a second, the newest of each; the second page's first, heard at once, its own.
    expect(shown[0]!.length).toBeLessThanOrEqual(4);
    expect(shown[1]!.slice(1)).toEqual(shown[0]!.slice(1));
    expect(shown[1]!.slice(1).length).toBeGreaterThanOrEqual(2);
    // Heard after its second's notification (the host tells alerts in groups), an alert waits
    // for the next second's end: it was one more notification a moment after that one.
    const before = shown[0]!.length;
    for (const tab of tabs) tab.heard(alert(300, 10_000 + 10 * 298));
    vi.advanceTimersByTime(NOTIFICATION_INTERVAL_MS / 2);
    expect(shown[0]!.length).toBe(before);
    vi.advanceTimersByTime(2 * NOTIFICATION_INTERVAL_MS);
    expect(shown.map((tags) => tags.at(-1))).toEqual(['12980:300', '12980:300']);
  });
});
