import { afterEach, describe, expect, it } from 'vitest';
import { ResyncDeadlines } from './resync-deadlines';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let watch: ResyncDeadlines | undefined;
afterEach(() => watch?.clear());

describe('ResyncDeadlines', () => {
  it('names the instruments past their deadline, not those still within it', async () => {
    const told: (readonly string[])[] = [];
    watch = new ResyncDeadlines((late) => told.push(late));
    watch.expect(['BTC'], Date.now() + 20);
    watch.expect(['ETH'], Date.now() + 10_000);
    await sleep(80);
    expect(told).toEqual([['BTC']]);
  });

  it('tells nothing when every awaited snapshot arrives in time', async () => {
    const told: (readonly string[])[] = [];
    watch = new ResyncDeadlines((late) => told.push(late));
    watch.expect(['BTC', 'ETH'], Date.now() + 30);
    watch.arrived('BTC');
    watch.arrived('ETH');
    watch.arrived('SOL'); // never awaited: ignored
    await sleep(80);
    expect(told).toEqual([]);
  });

  it('keeps the first deadline of an instrument asked for again', async () => {
    const told: (readonly string[])[] = [];
    watch = new ResyncDeadlines((late) => told.push(late));
    watch.expect(['BTC'], Date.now() + 20);
    watch.expect(['BTC'], Date.now() + 10_000);
    await sleep(80);
    expect(told).toEqual([['BTC']]);
  });

  it('forgets every deadline on clear', async () => {
    const told: (readonly string[])[] = [];
    watch = new ResyncDeadlines((late) => told.push(late));
    watch.expect(['BTC'], Date.now() + 20);
    watch.clear();
    await sleep(80);
    expect(told).toEqual([]);
  });
});
