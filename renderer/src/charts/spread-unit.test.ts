import { describe, expect, it } from 'vitest';
import { formatBp, formatPp, formatSpread, spreadLabel, spreadUnit } from './spread-unit';

describe('spreadUnit (bug 185)', () => {
  it('measures one symbol on two venues in bp, however each writes it', () => {
    expect(spreadUnit('kraken:BTC/USD', 'coinbase:BTC-USD')).toBe('bp');
    expect(spreadUnit('sim:ACME', 'replay:sim:ACME')).toBe('bp');
  });

  it('measures two different instruments in pp, the gap of their % moves', () => {
    expect(spreadUnit('ACME', 'GLBX')).toBe('pp');
    expect(spreadUnit('kraken:BTC/USD', 'kraken:ETH/USD')).toBe('pp');
    expect(spreadLabel('pp', 'ACME', 'GLBX')).toBe('% move of GLBX − % move of ACME (pp)');
    expect(spreadLabel('bp', 'kraken:BTC/USD', 'coinbase:BTC-USD')).toBe(
      'spread coinbase:BTC-USD − kraken:BTC/USD (bp)',
    );
  });
});

describe('formatBp', () => {
  it('signs the spread, keeps a tenth below 100 bp and groups whole bp above', () => {
    expect([3.04, -0.25, 0, -0.04, 99.94, 100, -49_200, 50_200.4].map(formatBp)).toEqual([
      '+3.0 bp',
      '−0.3 bp',
      '0.0 bp',
      '0.0 bp',
      '+99.9 bp',
      '+100 bp',
      '−49,200 bp',
      '+50,200 bp',
    ]);
  });
});

describe('formatPp', () => {
  it('signs the gap with two decimals, as the % axis reads', () => {
    expect([1.254, -0.5, 0, -0.001].map(formatPp)).toEqual([
      '+1.25 pp',
      '−0.50 pp',
      '0.00 pp',
      '0.00 pp',
    ]);
    expect(formatSpread('pp', 2)).toBe('+2.00 pp');
    expect(formatSpread('bp', 2)).toBe('+2.0 bp');
  });
});
