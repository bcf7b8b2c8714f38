import { describe, expect, it } from 'vitest';
import { makeSportsInstrument } from './sports-instruments';

describe('makeSportsInstrument', () => {
  it('pairs two different teams per match, numbered m1, m2, ...', () => {
    const made = Array.from({ length: 12 }, (_, i) => makeSportsInstrument(i, 12, 60_000, 0));
    expect(made[0]!.instrument).toMatchObject({
      id: 'm1',
      name: 'Harbor City v Northvale',
      home: 'Harbor City',
      away: 'Northvale',
    });
    for (const { instrument } of made) expect(instrument.home).not.toBe(instrument.away);
    // Past the twelve teams the pairings change, so the seventh match is not the first again.
    expect(made[6]!.instrument.name).not.toBe(made[0]!.instrument.name);
  });

  it('staggers kick-offs across half a match length, announced as start times', () => {
    const made = Array.from({ length: 4 }, (_, i) => makeSportsInstrument(i, 4, 80_000, 1_000));
    expect(made.map((m) => m.kickoffInMs)).toEqual([2_000, 12_000, 22_000, 32_000]);
    expect(made.map((m) => m.instrument.startTime)).toEqual([3_000, 13_000, 23_000, 33_000]);
  });
});
