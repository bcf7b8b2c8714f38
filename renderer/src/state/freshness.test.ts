import { describe, expect, it } from 'vitest';
import { formatTime } from './format';
import {
  anySourceLive,
  chartStaleLabel,
  connectionBadge,
  formatAge,
  instrumentSourceLive,
  plainReason,
  sourceIsLive,
  staleBanner,
} from './freshness';
import type { Health, SourceHealth } from '../../../protocol/batch';
import { health, sourceHealth } from '../../../test-support/batches';

const SINCE = new Date(2026, 11, 2, 17, 32, 25).getTime();

function staleBannerText(h: Health, now: number): string | null {
  const banner = staleBanner(h, now);
  return banner && `${banner.headline} ${banner.detail}`;
}

describe('freshness', () => {
  it('is live only while connected and not stalled', () => {
    expect(sourceIsLive(null)).toBe(false);
    expect(sourceIsLive(health())).toBe(true);
    for (const connection of [
      { state: 'stalled', silentMs: 2_000 },
      { state: 'closed' },
      { state: 'connecting', attempt: 1 },
      { state: 'failed', reason: 'x' },
      { state: 'reconnecting', attempt: 1, nextRetryAt: 0, reason: 'x' },
    ] as const)
      expect(sourceIsLive(health({ connection }))).toBe(false);
  });

  it('badges live, delayed, stale and down', () => {
    expect(connectionBadge({ state: 'live' }, 40)).toBe('live');
    expect(connectionBadge({ state: 'live' }, null)).toBe('live');
    expect(connectionBadge({ state: 'live' }, 2_500)).toBe('delayed');
    expect(connectionBadge({ state: 'stalled', silentMs: 2_000 }, null)).toBe('stale');
    const down = { state: 'reconnecting', attempt: 2, nextRetryAt: 0, reason: 'x' } as const;
    expect(connectionBadge(down, null)).toBe('down');
    expect(connectionBadge({ state: 'closed' }, null)).toBe('down');
    expect(connectionBadge({ state: 'connecting', attempt: 1 }, null)).toBe('down');
  });

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

  it('puts socket errors in plain words and keeps anything else as it came', () => {
    expect(plainReason('stalled: no data for 4.5 s')).toBe('no data from the feed for 4.5 s');
    expect(plainReason('server closed the connection (1001 going away)')).toBe(
      'the feed closed the connection (1001)',
    );
    expect(plainReason('read ECONNRESET')).toBe('the connection was cut');
    expect(plainReason('renewing the connection after 24 h')).toBe(
      'renewing the connection after 24 h',
    );
  });

  it('formats ages for people', () => {
    expect(formatAge(123)).toBe('120 ms');
    expect(formatAge(41_900)).toBe('41 s');
    expect(formatAge(200_000)).toBe('3 min');
    expect(formatAge(5_400_000)).toBe('1.5 h');
    expect(formatAge(-5)).toBe('0 ms');
  });
});

describe('several sources', () => {
  const source = (name: string, state: 'live' | 'closed'): SourceHealth =>
    sourceHealth(name, { connection: { state } });
  const h = health({
    connection: { state: 'closed' },
    sources: [source('kraken', 'live'), source('coinbase', 'closed')],
  });

  it("marks an instrument by its own source, not the worst one's", () => {
    expect(instrumentSourceLive(h, 'kraken:BTC/USD')).toBe(true);
    expect(instrumentSourceLive(h, 'coinbase:BTC-USD')).toBe(false);
    expect(instrumentSourceLive(h, 'BTC/USD')).toBe(false);
    expect(anySourceLive(h)).toBe(true);
  });

  it('beside a replay: live ids follow the live source, the page is stale only when it is', () => {
    const replay = { ...source('replay', 'live'), source: { kind: 'replay', label: 'r' } } as const;
    const down = health({ sources: [source('sim', 'closed'), replay] });
    expect(instrumentSourceLive(down, 'ACME')).toBe(false);
    expect(instrumentSourceLive(down, 'replay:ACME')).toBe(true);
    expect(anySourceLive(down)).toBe(false);
    expect(anySourceLive(health({ sources: [source('sim', 'live'), replay] }))).toBe(true);
  });

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
        'not be found; next try in 1 s (attempt 8) · sim is live',
    );
    const coinbase = sourceHealth('coinbase', {
      connection: { state: 'closed' },
      lastDataAt: SINCE,
    });
    const two = health({ connection: kraken.connection, sources: [sim, kraken, coinbase] });
    expect(staleBannerText(two, SINCE + 10_000)).toMatch(
      /^kraken, coinbase Disconnected since .* \(no data yet\) · .*attempt 8\) · sim is live$/,
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
        `symbol refused · coinbase Disconnected since ${formatTime(SINCE + 2_000)} (data 9 s ` +
        'old) · the connection was cut; next try in 4 s (attempt 3) · sim is live',
    );
    // None live: still each its own state, not the summary's worst for both.
    const none = health({
      connection: kraken.connection,
      lastDataAt: SINCE + 1_000,
      sources: [coinbase, kraken],
    });
    expect(staleBannerText(none, SINCE + 10_000)).toMatch(
      /^kraken Failed since .* \(no data yet\) · .*refused · coinbase Disconnected since .*\(attempt 3\)$/,
    );
  });

  it('follows the one feed with one source', () => {
    expect(instrumentSourceLive(health(), 'ACME')).toBe(true);
    expect(anySourceLive(health({ connection: { state: 'closed' } }))).toBe(false);
  });

  it("labels a chart by its own source's outage and age, and a live source's chart not at all", () => {
    const down = health({
      connection: { state: 'closed' },
      sources: [
        { ...source('kraken', 'live'), lastDataAt: 9_900 },
        {
          ...source('coinbase', 'live'),
          connection: { state: 'reconnecting', attempt: 2, nextRetryAt: 0, reason: 'x' },
          lastDataAt: 9_000,
        },
      ],
    });
    expect(chartStaleLabel(down, 'kraken:BTC/USD', 50_000)).toBeNull();
    expect(chartStaleLabel(down, 'coinbase:BTC-USD', 50_000)).toBe('Disconnected · data 41 s old');
    expect(chartStaleLabel(h, 'coinbase:BTC-USD', 0)).toBe('Disconnected · no data yet');
    expect(chartStaleLabel(h, 'gone:X', 0)).toBe('Source removed');
    expect(chartStaleLabel(null, 'kraken:BTC/USD', 0)).toBeNull();
  });

  it('labels every chart with one source down', () => {
    const stalled = health({
      connection: { state: 'stalled', silentMs: 3_000 },
      lastDataAt: 7_000,
    });
    expect(chartStaleLabel(stalled, 'ACME', 10_000)).toBe('Stalled · data 3 s old');
    expect(chartStaleLabel(health(), 'ACME', 10_000)).toBeNull();
  });
});
