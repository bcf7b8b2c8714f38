import { describe, expect, it } from 'vitest';
import type { MarketInstrument } from '../../../protocol/feed';
import { parseDecimalText } from './decimal';
import { InstrumentRegistry } from './instrument-registry';

const market: MarketInstrument = { id: 'X/USD', kind: 'market', name: 'X/USD', tickSize: 1 };
const price = (text: string) => parseDecimalText(text)!;

function registry(): InstrumentRegistry {
  const r = new InstrumentRegistry();
  r.put(market);
  r.takeChanges();
  return r;
}

describe('InstrumentRegistry display decimals', () => {
  it('raises the decimals to those a price really has', () => {
    const r = registry();
    r.observePrice('X/USD', price('187.5'));
    r.observePrice('X/USD', price('187.52'));
    r.observePrice('X/USD', price('187.6'));
    expect(r.list()[0]).toMatchObject({ decimals: 2, tickSize: 0.01 });
  });

  it('does not widen to float noise a gateway printed', () => {
    const r = registry();
    r.observePrice('X/USD', price('187.5292'));
    r.observePrice('X/USD', price('187.52919999999998'));
    r.observePrice('X/USD', price('0.30000000000000004'));
    expect(r.list()[0]).toMatchObject({ decimals: 4, tickSize: 0.0001 });
  });

  it('keeps a declared precision whatever prices arrive, until the instrument leaves', () => {
    const r = registry();
    r.declarePrecision('X/USD', 1);
    r.observePrice('X/USD', price('187.52'));
    expect(r.list()[0]).toMatchObject({ decimals: 1, tickSize: 0.1 });
    r.remove('X/USD');
    r.put(market);
    r.observePrice('X/USD', price('187.52'));
    expect(r.list()[0]).toMatchObject({ decimals: 2 });
  });

  it('announces a change of decimals once, and none when nothing changed', () => {
    const r = registry();
    r.observePrice('X/USD', price('1.25'));
    expect(r.takeChanges()).toHaveLength(1);
    r.observePrice('X/USD', price('1.5'));
    expect(r.takeChanges()).toBeUndefined();
  });
});
