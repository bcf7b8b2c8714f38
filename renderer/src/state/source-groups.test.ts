import { describe, expect, it } from 'vitest';
import { groupBySource, toggleGroup } from './source-groups';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));

describe('groupBySource', () => {
  it('keeps the rows as they are, without groups, for one source', () => {
    const list = rows('ACME', 'BETA');
    expect(groupBySource(list, ['sim'], new Set())).toEqual({ rows: list, groups: [] });
  });

  it('puts each source together in the order added, keeping the sort within a group', () => {
    const list = rows(
      'coinbase:BTC-USD',
      'sim:ACME',
      'kraken:BTC/USD',
      'sim:BETA',
      'kraken:ETH/USD',
    );
    const grouped = groupBySource(list, ['sim', 'kraken', 'coinbase'], new Set());
    expect(grouped.rows.map((r) => r.id)).toEqual([
      'sim:ACME',
      'sim:BETA',
      'kraken:BTC/USD',
      'kraken:ETH/USD',
      'coinbase:BTC-USD',
    ]);
    expect(grouped.groups).toEqual([
      { name: 'sim', label: 'sim', count: 2, collapsed: false },
      { name: 'kraken', label: 'kraken', count: 2, collapsed: false },
      { name: 'coinbase', label: 'coinbase', count: 1, collapsed: false },
    ]);
  });

  it('hides the rows of a collapsed group but keeps its header and count', () => {
    const list = rows('sim:ACME', 'kraken:BTC/USD');
    const collapsed = toggleGroup(new Set(), 'kraken');
    const grouped = groupBySource(list, ['sim', 'kraken'], collapsed);
    expect(grouped.rows.map((r) => r.id)).toEqual(['sim:ACME']);
    expect(grouped.groups[1]).toEqual({
      name: 'kraken',
      label: 'kraken',
      count: 1,
      collapsed: true,
    });
    expect(toggleGroup(collapsed, 'kraken').has('kraken')).toBe(false);
  });

  it('keeps rows of no listed source, last', () => {
    const grouped = groupBySource(rows('gone:X', 'sim:A'), ['sim', 'kraken'], new Set());
    expect(grouped.rows.map((r) => r.id)).toEqual(['sim:A', 'gone:X']);
  });

  it("beside a replay, groups the one live source's unprefixed rows under its name", () => {
    const grouped = groupBySource(rows('replay:A', 'A', 'B'), ['sim', 'replay'], new Set());
    expect(grouped.rows.map((r) => r.id)).toEqual(['A', 'B', 'replay:A']);
    expect(grouped.groups).toEqual([
      { name: 'sim', label: 'sim', count: 2, collapsed: false },
      { name: 'replay', label: 'replay', count: 1, collapsed: false },
    ]);
  });

  it('splits a replayed set into its recorded sources, each its own group after the live ones', () => {
    const list = rows(
      'replay:kraken:BTC/USD',
      'sim:ACME',
      'replay:sim:ACME',
      'replay:kraken:ETH/USD',
    );
    const collapsed = toggleGroup(new Set(), 'replay:sim');
    const grouped = groupBySource(list, ['sim', 'kraken', 'replay'], collapsed);
    expect(grouped.groups).toEqual([
      { name: 'sim', label: 'sim', count: 1, collapsed: false },
      { name: 'kraken', label: 'kraken', count: 0, collapsed: false },
      { name: 'replay:kraken', label: 'replay · kraken', count: 2, collapsed: false },
      { name: 'replay:sim', label: 'replay · sim', count: 1, collapsed: true },
    ]);
    expect(grouped.rows.map((r) => r.id)).toEqual([
      'sim:ACME',
      'replay:kraken:BTC/USD',
      'replay:kraken:ETH/USD',
    ]);
  });
});
