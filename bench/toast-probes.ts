/**
 * bench/alert-toast.bench.ts's ears: in the page, an init script that notes every live alert
 * event its WebSocket receives and when each new `alert-toast` entered the DOM (matched to its
 * alert by the words it shows); beside it, a quiet WebSocket listener on the web host's page
 * socket that hears each alert as the host sends it.
 */
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { AlertEvent } from '../protocol/alerts';
import { WEB_SOCKET_PATH, WEB_TOKEN_PARAM } from '../protocol/web';
import { OPEN_TIMEOUT_MS } from './dashboard-browser';

const PAGE_PROBE = `(() => {
  // Alerts heard and not yet seen as a toast, by the words their toast shows (alertSummary).
  const pending = new Map();
  const samples = [];
  let heard = 0;
  // Bytes of the alert messages and command results the page received: what an alert costs
  // the page beyond its own event (results are counted whole: the alerts view is among them).
  let alertBytes = 0;
  let resultBytes = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        if (e.data.startsWith('{"type":"result"')) resultBytes += e.data.length;
        if (!e.data.startsWith('{"type":"event"')) return;
        if (e.data.includes('"channel":"alert:')) alertBytes += e.data.length;
        const msg = JSON.parse(e.data);
        const event = msg.payload;
        if (msg.channel !== 'alert:fired' || !event.tick || event.replayPosition !== null) return;
        heard++;
        const words = event.tick.value === null ? event.text : event.text + ' at ' + event.tick.value;
        const list = pending.get(words) ?? [];
        list.push({ ts: event.tick.ts, fired: event.firedAt, at: Date.now() });
        pending.set(words, list);
      });
    }
  };
  const seen = new WeakSet();
  const SELECTOR = '[data-testid="alert-toast"]';
  new MutationObserver((records) => {
    const now = Date.now();
    for (const r of records)
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        const found = n.matches(SELECTOR) ? [n] : n.querySelectorAll(SELECTOR);
        for (const t of found) {
          if (seen.has(t)) continue;
          seen.add(t);
          const heardAs = pending.get(t.querySelector('.text')?.textContent ?? '')?.shift();
          if (heardAs) samples.push({ ...heardAs, shown: now });
        }
      }
  }).observe(document, { childList: true, subtree: true });
  window.__toastTake = () => ({ samples: samples.slice(), heard, alertBytes, resultBytes });
})();`;

declare global {
  interface Window {
    __toastTake(): {
      samples: { ts: number; fired: number; at: number; shown: number }[];
      heard: number;
      alertBytes: number;
      resultBytes: number;
    };
  }
}

/**
 * A WebSocket client on the web host's page socket that never acks a batch (so it gets one) and
 * notes when each live alert reaches it: the host's send time, give or take this process's turn.
 */
export function listen(pageUrl: string) {
  const url = new URL(pageUrl);
  const token = url.searchParams.get(WEB_TOKEN_PARAM) ?? '';
  const ws = new WebSocket(
    `ws://${url.host}${WEB_SOCKET_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    { origin: url.origin },
  );
  const heard: { ts: number; fired: number; at: number }[] = [];
  ws.on('message', (data: Buffer) => {
    const at = Date.now();
    const text = data.toString();
    if (!text.startsWith('{"type":"event"') || !text.includes('"channel":"alert:fired"')) return;
    const event = (JSON.parse(text) as { payload: AlertEvent }).payload;
    if (event.tick && event.replayPosition === null)
      heard.push({ ts: event.tick.ts, fired: event.firedAt, at });
  });
  ws.on('error', () => undefined); // the engine process stops first at the round's end
  return { heard, close: () => ws.terminate() };
}

export async function openPage(browser: Browser, url: string, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.addInitScript(PAGE_PROBE);
  await page.goto(url, { waitUntil: 'load', timeout: OPEN_TIMEOUT_MS });
  return page;
}
