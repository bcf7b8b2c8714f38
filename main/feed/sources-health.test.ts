import { describe, expect, it } from 'vitest';
import type { SourceHealth } from '../../protocol/health';
import { summarise } from './sources-health';

const source = (over: Partial<SourceHealth> & Pick<SourceHealth, 'name'>): SourceHealth => ({
  source: { kind: 'url', label: over.name },
  connection: { state: 'live' },
  connectionSince: 1_000,
  ticksPerSec: 10,
  ticksTotal: 100,
  gaps: 0,
  lateSnapshots: 0,
  reconnects: 0,
  lastTickAgeMs: 50,
  lastDataAt: 5_000,
  storedDataAt: null,
  lastError: null,
  ...over,
});

describe('the summary of several sources', () => {
  it("shows the worst source's state, sums the counts and names every source", () => {
    const summary = summarise([
      source({ name: 'sim', gaps: 1, lateSnapshots: 5, reconnects: 2, ticksTotal: 10 }),
      source({
        name: 'kraken',
        connection: { state: 'stalled', silentMs: 4_000 },
        connectionSince: 2_000,
        gaps: 3,
        lateSnapshots: 1,
        ticksTotal: 20,
        lastTickAgeMs: 4_000,
        lastDataAt: 1_000,
        storedDataAt: 500,
        lastError: 'no data for 4 s',
      }),
      source({
        name: 'coinbase',
        reconnects: 1,
        ticksTotal: 30,
        lastTickAgeMs: 20,
        lastDataAt: 6_000,
        storedDataAt: 800,
      }),
    ]);
    expect(summary).toEqual({
      connection: { state: 'stalled', silentMs: 4_000 },
      connectionSince: 2_000,
      source: { kind: 'url', label: 'sim + kraken + coinbase' },
      gaps: 4,
      lateSnapshots: 6,
      reconnects: 3,
      ticksTotal: 60,
      // The freshest source speaks for "last tick": one stalled source is shown by the badge.
      lastTickAgeMs: 20,
      lastDataAt: 6_000,
      storedDataAt: 800, // the newest stored state of any source
      lastError: 'kraken: no data for 4 s',
    });
  });

  it('ranks failed over closed over reconnecting over stalled over connecting over live', () => {
    const states: SourceHealth['connection'][] = [
      { state: 'live' },
      { state: 'connecting', attempt: 1 },
      { state: 'stalled', silentMs: 1 },
      { state: 'reconnecting', attempt: 1, nextRetryAt: 0, reason: 'x' },
      { state: 'closed' },
      { state: 'failed', reason: 'x' },
    ];
    for (let worst = 1; worst < states.length; worst++) {
      const sources = states
        .slice(0, worst + 1)
        .map((connection, i) => source({ name: `s${i}`, connection }));
      expect(summarise(sources.reverse()).connection).toBe(states[worst]);
    }
  });

  it('has no last tick or data time when no source has had one', () => {
    const summary = summarise([
      source({ name: 'a', lastTickAgeMs: null, lastDataAt: null }),
      source({ name: 'b', lastTickAgeMs: null, lastDataAt: null }),
    ]);
    expect(summary).toMatchObject({
      lastTickAgeMs: null,
      lastDataAt: null,
      storedDataAt: null,
      lastError: null,
    });
  });
});
