import { describe, expect, it } from 'vitest';
import {
  checkEndpoint,
  choiceFromFeed,
  describeFeed,
  feedFromChoice,
  symbolSuggestions,
} from './feed-choice';

describe('feed choice', () => {
  it('reads a saved feed back into the picker', () => {
    expect(choiceFromFeed(null)).toEqual({ kind: 'embedded', url: '', symbols: '' });
    expect(choiceFromFeed('ws://127.0.0.1:8787')).toEqual({
      kind: 'tickdeck',
      url: 'ws://127.0.0.1:8787',
      symbols: '',
    });
    expect(choiceFromFeed('kraken:BTC/USD,ETH/USD')).toEqual({
      kind: 'kraken',
      url: '',
      symbols: 'BTC/USD, ETH/USD',
    });
    expect(choiceFromFeed('polymarket-sports').kind).toBe('polymarket-sports');
    expect(choiceFromFeed('nasdaq:AAPL').kind).toBe('embedded');
  });

  it('builds the settings feed from a choice, validated', () => {
    expect(feedFromChoice({ kind: 'embedded', url: 'x', symbols: 'y' })).toEqual({
      ok: true,
      feed: null,
    });
    expect(
      feedFromChoice({ kind: 'kraken', url: '', symbols: ' BTC/USD,ETH/USD  BTC/USD' }),
    ).toEqual({ ok: true, feed: 'kraken:BTC/USD,ETH/USD' });
    expect(feedFromChoice({ kind: 'polymarket-sports', url: '', symbols: '' })).toEqual({
      ok: true,
      feed: 'polymarket-sports',
    });
    expect(feedFromChoice({ kind: 'tickdeck', url: ' ws://h:1 ', symbols: '' })).toEqual({
      ok: true,
      feed: 'ws://h:1',
    });
  });

  it('says what is missing or wrong instead of connecting', () => {
    expect(feedFromChoice({ kind: 'binance', url: '', symbols: ' , ' })).toEqual({
      ok: false,
      error: 'Enter at least one symbol, e.g. btcusdt, ethusdt',
    });
    expect(feedFromChoice({ kind: 'tickdeck', url: '', symbols: '' })).toMatchObject({ ok: false });
    expect(feedFromChoice({ kind: 'tickdeck', url: 'http://h:1', symbols: '' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('ws://'),
    });
  });

  it('checks an endpoint override; empty means the default', () => {
    expect(checkEndpoint('  ')).toEqual({ ok: true, endpoint: null });
    expect(checkEndpoint('wss://stream.binance.us:9443/ws')).toEqual({
      ok: true,
      endpoint: 'wss://stream.binance.us:9443/ws',
    });
    expect(checkEndpoint('stream.binance.us')).toMatchObject({ ok: false });
  });

  it('suggests symbols that complete the one being typed, keeping the ones before', () => {
    expect(symbolSuggestions('kraken', '')).toContain('BTC/USD');
    expect(symbolSuggestions('kraken', 'BTC/USD, e')).toEqual(['BTC/USD, ETH/USD']);
    expect(symbolSuggestions('binance', 'btcusdt,')).not.toContain('btcusdt, btcusdt');
    expect(symbolSuggestions('coinbase', 'btc')).toEqual(['BTC-USD', 'BTC-EUR']);
    expect(symbolSuggestions('tickdeck', '')).toEqual([]);
  });

  it('describes the current feed briefly', () => {
    expect(describeFeed(null)).toBe('Embedded simulator');
    expect(describeFeed('coinbase:BTC-USD')).toBe('Coinbase Exchange · BTC-USD');
    expect(describeFeed('ws://h:1')).toBe('ws://h:1');
  });
});

describe('feed choice: a relay on NATS', () => {
  it('opens a nats:// feed on the NATS kind, its servers and source name, and saves it back', () => {
    const choice = choiceFromFeed('nats://h1:4222,h2:4222/desk');
    expect(choice).toEqual({
      kind: 'nats',
      url: '',
      symbols: '',
      natsServers: 'nats://h1:4222, nats://h2:4222',
      natsSource: 'desk',
    });
    expect(feedFromChoice(choice)).toEqual({
      ok: true,
      feed: 'nats://h1:4222,nats://h2:4222/desk',
    });
    expect(describeFeed('nats://h1:4222/desk')).toBe('NATS relay · desk on nats://h1:4222');
  });

  it('takes a server without a scheme as nats://, and names what is missing or wrong', () => {
    const nats = (natsServers: string, natsSource: string) =>
      feedFromChoice({ kind: 'nats', url: '', symbols: '', natsServers, natsSource });
    expect(nats('127.0.0.1:4222', 'sim')).toEqual({ ok: true, feed: 'nats://127.0.0.1:4222/sim' });
    expect(nats('', 'sim')).toEqual({
      ok: false,
      error: 'Enter the NATS servers, e.g. nats://127.0.0.1:4222',
    });
    expect(nats('nats://h:4222', ' ')).toMatchObject({ ok: false, error: /source's name/ });
    // The grammar's own checks (protocol/feed-target.ts) speak for the rest.
    expect(nats('nats://h:4222', 'a.b')).toMatchObject({ ok: false, error: expect.any(String) });
    expect(nats('nats://h:99999', 'sim')).toMatchObject({ ok: false, error: expect.any(String) });
  });
});
