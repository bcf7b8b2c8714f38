import { describe, expect, it } from 'vitest';
import type { Tick } from '../protocol/feed';
import { ticksInFrame } from './tick-count';

const quote = (instrument: string, seq: number): Tick => ({
  instrument,
  seq,
  ts: 1,
  kind: 'quote',
  bid: 1,
  ask: 2,
  bidSize: 100,
  askSize: 100,
});
const frame = (message: unknown) => Buffer.from(JSON.stringify(message));

describe('ticksInFrame', () => {
  it('counts every tick of a ticks frame, whatever its kind', () => {
    const ticks: Tick[] = [
      quote('ACME', 1),
      { instrument: 'ACME', seq: 2, ts: 1, kind: 'trade', price: 2, size: 5, side: 'buy' },
      { instrument: 'm1', seq: 3, ts: 1, kind: 'clock', clockMs: 0, running: true },
    ];
    expect(ticksInFrame(frame({ op: 'ticks', ticks }))).toBe(3);
    expect(ticksInFrame(frame({ op: 'ticks', ticks: [] }))).toBe(0);
  });

  it('does not count a tick opening quoted inside an instrument id', () => {
    const ticks = [quote('{"instrument":', 1), quote('x{"instrument":{"instrument":', 2)];
    expect(ticksInFrame(frame({ op: 'ticks', ticks }))).toBe(2);
  });

  it('counts nothing in frames that are not ticks', () => {
    const snapshot = { op: 'snapshot', instrument: 'ACME', seq: 1, state: { kind: 'market' } };
    expect(ticksInFrame(frame(snapshot))).toBe(0);
    expect(ticksInFrame(frame({ op: 'heartbeat', ts: 1 }))).toBe(0);
    expect(ticksInFrame(Buffer.alloc(0))).toBe(0);
  });
});
