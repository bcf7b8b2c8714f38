import { describe, expect, it } from 'vitest';
import { chooseCharts, shownGrid } from './chart-choice';

const SIM = ['ACME', 'GLBX', 'INIT'];
const SEVERAL = ['sim:ACME', 'sim:GLBX', 'kraken:BTC/USD'];

describe('the instruments the chart cells show', () => {
  it('charts the saved instruments the sources have, as far as the grid holds', () => {
    expect(chooseCharts(['GLBX', 'ACME'], SIM, 4)).toEqual({
      charted: ['GLBX', 'ACME'],
      waiting: [],
    });
    expect(chooseCharts(['GLBX', 'ACME'], SIM, 1)).toEqual({ charted: ['GLBX'], waiting: [] });
  });

  it('charts the first instrument while nothing is saved, and nothing before any comes', () => {
    expect(chooseCharts([], SIM, 2)).toEqual({ charted: ['ACME'], waiting: [] });
    expect(chooseCharts([], [], 2)).toEqual({ charted: [], waiting: [] });
  });

  it('waits for saved instruments no source has, never charting another in their place', () => {
    expect(chooseCharts(['NOPE', 'GONE'], SIM, 2)).toEqual({
      charted: [],
      waiting: ['NOPE', 'GONE'],
    });
    expect(chooseCharts(['NOPE', 'GLBX'], SIM, 2)).toEqual({
      charted: ['GLBX'],
      waiting: ['NOPE'],
    });
    // Awaited ones take only the cells the charted ones leave.
    expect(chooseCharts(['NOPE', 'GLBX'], SIM, 1)).toEqual({ charted: ['GLBX'], waiting: [] });
    // Before the sources' instruments arrive, what is saved is awaited, not the feed's first.
    expect(chooseCharts(['GLBX'], [], 2)).toEqual({ charted: [], waiting: ['GLBX'] });
  });

  it('follows an instrument across one source and several, not across sources', () => {
    expect(chooseCharts(['GLBX'], SEVERAL, 2).charted).toEqual(['sim:GLBX']);
    expect(chooseCharts(['sim:GLBX', 'kraken:BTC/USD'], SIM, 2)).toEqual({
      charted: ['GLBX'],
      waiting: ['kraken:BTC/USD'],
    });
    expect(chooseCharts(['coinbase:BTC/USD'], SEVERAL, 2)).toEqual({
      charted: [],
      waiting: ['coinbase:BTC/USD'],
    });
  });

  it('drops a closed replay’s instruments rather than wait for them', () => {
    expect(chooseCharts(['replay:GLBX'], SIM, 2)).toEqual({ charted: ['ACME'], waiting: [] });
    expect(chooseCharts(['replay:GLBX'], ['replay:GLBX', ...SIM], 2).charted).toEqual([
      'replay:GLBX',
    ]);
    expect(chooseCharts(['GLBX'], ['replay:GLBX'], 2).waiting).toEqual(['GLBX']);
  });
});

describe('the grid the cells are laid out in', () => {
  it('is the smallest that holds the charts, within the room chosen', () => {
    // bug 197: one chart in the default room for two gets the panel.
    expect(shownGrid(2, 1)).toBe(1);
    expect(shownGrid(2, 0)).toBe(1);
    expect(shownGrid(6, 2)).toBe(2);
    expect(shownGrid(6, 3)).toBe(4);
    expect(shownGrid(4, 4)).toBe(4);
    expect(shownGrid(1, 1)).toBe(1);
  });
});
