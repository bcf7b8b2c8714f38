import { describe, expect, it } from 'vitest';
import { formatTime } from './format';
import { staleBanner } from './freshness-banner';
import type { Health, LinkDown } from '../../../protocol/health';
import { health, sourceHealth } from '../../../test-support/batches';

const SINCE = new Date(2026, 11, 2, 17, 32, 25).getTime();

/** The banner's lines, "headline detail" each, then the live sources, one " / " between. */
function staleBannerText(h: Health, now: number): string | null {
  const banner = staleBanner(h, now);
  if (banner === null) return null;
  const lines = banner.down.map((line) => `${line.headline} ${line.detail}`);
  return [...lines, ...(banner.live ? [banner.live] : [])].join(' / ');
}

describe('the stale banner', () => {
  it('says since when and how old the data is, with the reason in plain words', () => {
    const h = health({
      connection: {
        state: 'reconnecting',
        attempt: 4,
        nextRetryAt: SINCE + 44_000,
        reason: 'connect ECONNREFUSED 127.0.0.1:8787',
      },
      connectionSince: SINCE,
      lastDataAt: SINCE - 300,
    });
    expect(staleBannerText(h, SINCE + 41_000)).toBe(
      `Disconnected since ${formatTime(SINCE)} (data 41 s old) · the feed is not accepting ` +
        'connections; next try in 3 s (attempt 4)',
    );
    expect(staleBannerText(health(), SINCE)).toBeNull();
  });

  it('says how old stored states are when nothing came live (a desk whose relay is away)', () => {
    const stalled = { state: 'stalled', silentMs: 3_000 } as const;
    const h = health({
      connection: stalled,
      connectionSince: SINCE,
      storedDataAt: SINCE - 180_000,
    });
    // It said "(no data yet)" over the stored states it showed.
    expect(staleBannerText(h, SINCE + 5_000)).toBe(
      `Stalled since ${formatTime(SINCE)} (stored data 3 min old) · no data from the feed; it ` +
        'is replaced if none comes soon',
    );
    // A live update, once there was one, is what dates the data.
    expect(staleBannerText({ ...h, lastDataAt: SINCE - 1_000 }, SINCE + 5_000)).toContain(
      '(data 6 s old)',
    );
  });

  // bug 235: a NATS desk's gateway names the link down; the banner said "no data from the
  // feed" for each (fails before: the link's words are not in it).
  it('names the link of a NATS desk that brings no data, and keeps the data age', () => {
    const at = (link: LinkDown['link'], since: number | null, reason: string | null) =>
      health({
        connection: { state: 'stalled', silentMs: 3_000 },
        connectionSince: SINCE,
        lastDataAt: SINCE - 1_000,
        source: {
          kind: 'url',
          label: 'NATS 127.0.0.1:4222 · sim',
          linkDown: { link, since, reason },
        },
      });
    const time = formatTime(SINCE - 1_000);
    const stalled = `Stalled since ${formatTime(SINCE)} (data 6 s old) · `;
    expect(staleBannerText(at('relay', SINCE - 1_000, null), SINCE + 5_000)).toBe(
      `${stalled}the relay is silent (last heard ${time})`,
    );
    expect(staleBannerText(at('relay', null, null), SINCE + 5_000)).toBe(
      `${stalled}the relay is silent (not heard since this desk started)`,
    );
    expect(
      staleBannerText(
        at('relay-feed', SINCE - 1_000, 'connect ECONNREFUSED 127.0.0.1:8787 (attempt 3)'),
        SINCE + 5_000,
      ),
    ).toBe(
      `${stalled}the relay's own feed is down since ${time}: the feed is not accepting connections`,
    );
    const nats = health({
      connection: {
        state: 'reconnecting',
        attempt: 2,
        nextRetryAt: SINCE + 7_000,
        reason: 'stalled: no data for 3.0 s',
      },
      connectionSince: SINCE,
      lastDataAt: SINCE - 1_000,
      source: {
        kind: 'url',
        label: 'NATS 127.0.0.1:4222 · sim',
        linkDown: {
          link: 'nats',
          since: SINCE - 1_000,
          reason: 'lost the NATS server 127.0.0.1:4222',
        },
      },
    });
    expect(staleBannerText(nats, SINCE + 5_000)).toBe(
      `Disconnected since ${formatTime(SINCE)} (data 6 s old) · NATS is down since ${time}: lost ` +
        'the NATS server 127.0.0.1:4222; next try in 2 s (attempt 2)',
    );
  });

  it('tells a first connection from an outage, and names a stall and a failure', () => {
    const connecting = { state: 'connecting', attempt: 1 } as const;
    expect(
      staleBannerText(health({ connection: connecting, connectionSince: SINCE }), SINCE + 1),
    ).toMatch(/^Connecting since \d\d:\d\d:\d\d \(no data yet\)/);
    expect(
      staleBannerText(health({ connection: connecting, lastDataAt: SINCE }), SINCE + 5_000),
    ).toMatch(/^Disconnected since .* \(data 5 s old\) · connecting \(attempt 1\)$/);
    const stalled = health({ connection: { state: 'stalled', silentMs: 1_600 }, lastDataAt: 0 });
    expect(staleBannerText(stalled, 1_600)).toMatch(/^Stalled since .*no data from the feed/);
    const failed = health({
      connection: { state: 'failed', reason: 'ws://x: Unexpected server response: 404' },
    });
    expect(staleBannerText(failed, 0)).toMatch(
      /^Failed since .* · the feed refused the connection \(HTTP 404\)$/,
    );
  });
});

describe('the stale banner with several sources', () => {
  it('names the sources that are down in the banner, with their own age and reason, not the live ones', () => {
    const kraken = sourceHealth('kraken', {
      connection: {
        state: 'reconnecting',
        attempt: 8,
        nextRetryAt: SINCE + 11_000,
        reason: 'getaddrinfo ENOTFOUND ws.kraken.com',
      },
      connectionSince: SINCE,
    });
    const sim = sourceHealth('sim', { lastDataAt: SINCE + 9_940 });
    // The summary is the worst state with the newest data: the live source's 60 ms.
    const one = health({
      connection: kraken.connection,
      lastDataAt: SINCE + 9_940,
      sources: [sim, kraken],
    });
    expect(staleBannerText(one, SINCE + 10_000)).toBe(
      `kraken Disconnected since ${formatTime(SINCE)} (no data yet) · the feed's address could ` +
        'not be found; next try in 1 s (attempt 8) / sim is live',
    );
    const coinbase = sourceHealth('coinbase', {
      connection: { state: 'closed' },
      lastDataAt: SINCE,
    });
    const two = health({ connection: kraken.connection, sources: [sim, kraken, coinbase] });
    // Each on a line of its own, with its own since, age and reason, not the first one's.
    expect(staleBannerText(two, SINCE + 10_000)).toBe(
      `kraken Disconnected since ${formatTime(SINCE)} (no data yet) · the feed's address could ` +
        'not be found; next try in 1 s (attempt 8) / coinbase Disconnected since ' +
        `${formatTime(coinbase.connectionSince)} (data 10 s old) · the feed was disconnected / ` +
        'sim is live',
    );
    // Every source down: the page's own banner, as with one.
    const all = health({
      connection: { state: 'closed' },
      lastDataAt: SINCE,
      sources: [{ ...sim, connection: { state: 'closed' } }, coinbase],
    });
    expect(staleBannerText(all, SINCE + 5_000)).toMatch(/^Disconnected since .* \(data 5 s old\)/);
  });

  it('names each source down by its own state, the worst first, and the live ones', () => {
    const kraken = sourceHealth('kraken', {
      connection: { state: 'failed', reason: 'wss://ws.kraken.com: every symbol refused' },
      connectionSince: SINCE,
    });
    const coinbase = sourceHealth('coinbase', {
      connection: {
        state: 'reconnecting',
        attempt: 3,
        nextRetryAt: SINCE + 14_000,
        reason: 'read ECONNRESET',
      },
      connectionSince: SINCE + 2_000,
      lastDataAt: SINCE + 1_000,
    });
    const sim = sourceHealth('sim', { lastDataAt: SINCE + 9_940 });
    const both = health({
      connection: kraken.connection,
      lastDataAt: SINCE + 9_940,
      sources: [sim, coinbase, kraken],
    });
    expect(staleBannerText(both, SINCE + 10_000)).toBe(
      `kraken Failed since ${formatTime(SINCE)} (no data yet) · wss://ws.kraken.com: every ` +
        `symbol refused / coinbase Disconnected since ${formatTime(SINCE + 2_000)} (data 9 s ` +
        'old) · the connection was cut; next try in 4 s (attempt 3) / sim is live',
    );
    // None live: still each its own state, not the summary's worst for both.
    const none = health({
      connection: kraken.connection,
      lastDataAt: SINCE + 1_000,
      sources: [coinbase, kraken],
    });
    expect(staleBannerText(none, SINCE + 10_000)).toMatch(
      /^kraken Failed since .* \(no data yet\) · .*refused \/ coinbase Disconnected since .*\(attempt 3\)$/,
    );
  });
});
