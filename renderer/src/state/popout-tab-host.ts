/**
 * Browser mode: this page as the host of its pop-out tabs (./popout-tabs.ts). A tab is opened
 * without its opener so that it gets a renderer process of its own; it and this page talk on
 * the session's channel (./popout-channel.ts).
 */
import { browserLocks } from './page-locks';
import { broadcastChannel, navigationType, pageSession } from './popout-channel';
import type { TabHost } from './popout-tabs';

export function pageTabHost(): TabHost {
  return {
    pageUrl: location.href.split('#')[0]!,
    session: pageSession(sessionStorage, navigationType()),
    open: (url) => void window.open(url, '_blank', 'noopener'),
    openChannel: broadcastChannel,
    now: Date.now,
    page: window,
    locks: browserLocks(navigator.locks),
  };
}
