import { describe, expect, it } from 'vitest';
import {
  anySourceLive,
  chartStaleLabel,
  connectionBadge,
  formatAge,
  instrumentSourceLive,
  sourceIsLive,
} from './freshness';
import type { SourceHealth } from '../../../protocol/health';
import { health, sourceHealth } from '../../../test-support/batches';

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
    const stored = health({ connection: { state: 'connecting', attempt: 3 }, storedDataAt: 1_000 });
    expect(chartStaleLabel(stored, 'ACME', 121_000)).toBe('Connecting · stored data 2 min old');
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
