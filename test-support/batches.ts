/** Batch builders for renderer tests. */
import type { Batch, MatchRow } from '../protocol/batch';
import type { Health, SourceHealth } from '../protocol/health';
import type { MarketRow } from '../protocol/market-rows';
import type { Instrument } from '../protocol/feed';

export const INSTRUMENTS: Instrument[] = [
  { id: 'ACME', kind: 'market', name: 'Acme Corp', tickSize: 0.01 },
  { id: 'GLBX', kind: 'market', name: 'Globex', tickSize: 0.5, decimals: 1 },
  { id: 'M1', kind: 'sports', name: 'Harbor v North', home: 'Harbor', away: 'North' },
];

/** One source's health in a several-source `Health`: a live exchange source, idle, unless told. */
export function sourceHealth(name: string, over: Partial<SourceHealth> = {}): SourceHealth {
  return {
    name,
    source: { kind: 'exchange', label: name },
    connection: { state: 'live' },
    connectionSince: 0,
    ticksPerSec: 0,
    ticksTotal: 0,
    gaps: 0,
    lateSnapshots: 0,
    reconnects: 0,
    lastTickAgeMs: null,
    lastDataAt: null,
    storedDataAt: null,
    lastError: null,
    ...over,
  };
}

export function health(over: Partial<Health> = {}): Health {
  return {
    connection: { state: 'live' },
    connectionSince: 0,
    sessionStartedAt: 0,
    lastDataAt: null,
    storedDataAt: null,
    source: { kind: 'embedded', label: 'Simulator' },
    ticksPerSec: 1500,
    batchesPerSec: 30,
    ticksTotal: 10_000,
    conflatedTicks: 7,
    conflatedFrames: 0,
    gaps: 2,
    checksumMismatches: 0,
    resyncs: 0,
    lateSnapshots: 0,
    reconnects: 0,
    malformed: 0,
    lastTickAgeMs: 4,
    latencyP50Ms: 3,
    latencyP99Ms: 12,
    eventLoopLagP99Ms: 1,
    lastError: null,
    recording: { active: false, dir: null, startedAt: null, bytes: 0, messages: 0 },
    replay: null,
    ...over,
  };
}

export function marketRow(id: string, last: number, over: Partial<MarketRow> = {}): MarketRow {
  return {
    id,
    bid: last - 0.01,
    ask: last + 0.01,
    bidSize: 1,
    askSize: 1,
    last,
    open: 100,
    high: last,
    low: last,
    volume: 12_345,
    trades: 3,
    ts: 1_000,
    ...over,
  };
}

export function matchRow(id: string, over: Partial<MatchRow> = {}): MatchRow {
  return {
    id,
    status: 'live',
    home: 1,
    away: 0,
    clockMs: 600_000,
    running: true,
    odds: { home: 1.9, draw: 3.4, away: 4.2 },
    oddsDelta: { clockMs: [600_000], home: [1.9], draw: [3.4], away: [4.2] },
    newIncidents: [],
    ...over,
  };
}

let seq = 0;
export function batch(over: Partial<Batch> = {}): Batch {
  return {
    seq: ++seq,
    ts: 1_000,
    reset: false,
    market: [],
    series: [],
    bars: [],
    sports: [],
    newestTickTs: 990,
    health: health(),
    ...over,
  };
}
