import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EXCHANGES,
  checkWebSocketUrl,
  formatFeedTarget,
  isNatsReplay,
  parseFeedTarget,
  parseNatsReplayTarget,
} from './feed-target';

describe('parseFeedTarget', () => {
  it.each([null, undefined, '', '   ', 'embedded'])(
    'reads %j as the embedded simulator',
    (text) => {
      expect(parseFeedTarget(text)).toEqual({ ok: true, target: { kind: 'embedded' } });
    },
  );

  it.each(['ws://127.0.0.1:8787', 'wss://feed.example.com/stream', 'WS://HOST:1/x'])(
    'reads %s as a Tickdeck-protocol server',
    (url) => {
      expect(parseFeedTarget(`  ${url} `)).toEqual({ ok: true, target: { kind: 'tickdeck', url } });
    },
  );

  it('reads exchange feeds with their symbols, trimmed, in order', () => {
    expect(parseFeedTarget('binance:btcusdt, ethusdt,')).toEqual({
      ok: true,
      target: { kind: 'exchange', exchange: 'binance', symbols: ['btcusdt', 'ethusdt'] },
    });
    expect(parseFeedTarget('Kraken:BTC/USD')).toMatchObject({
      target: { exchange: 'kraken', symbols: ['BTC/USD'] },
    });
    expect(parseFeedTarget('polymarket-sports')).toEqual({
      ok: true,
      target: { kind: 'exchange', exchange: 'polymarket-sports', symbols: [] },
    });
  });

  it.each([
    ['http://example.com', /not a WebSocket URL; use ws:\/\/ or wss:\/\//],
    ['ws://', /is not a URL|has no host/],
    ['ws://[bad', /is not a URL/],
    ['nasdaq:AAPL', /unknown feed "nasdaq": expected a ws:\/\/ URL or one of binance/],
    ['binance', /binance needs at least one symbol, e\.g\. binance:btcusdt/],
    ['coinbase:', /coinbase needs at least one symbol, e\.g\. coinbase:BTC-USD/],
    ['kraken: , ', /kraken needs at least one symbol/],
  ])('rejects %s with a message saying what is wrong', (text, message) => {
    const parsed = parseFeedTarget(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });

  it('round-trips every valid target through formatFeedTarget', () => {
    const symbol = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9/-]{0,11}$/);
    fc.assert(
      fc.property(
        fc.constantFrom(...EXCHANGES),
        fc.array(symbol, { minLength: 1, maxLength: 4 }),
        (exchange, symbols) => {
          const parsed = parseFeedTarget(`${exchange}:${symbols.join(',')}`);
          if (!parsed.ok) throw new Error(parsed.error);
          expect(parseFeedTarget(formatFeedTarget(parsed.target))).toEqual(parsed);
        },
      ),
    );
    expect(formatFeedTarget({ kind: 'embedded' })).toBeNull();
    expect(formatFeedTarget({ kind: 'tickdeck', url: 'ws://h:1' })).toBe('ws://h:1');
  });
});

describe('checkWebSocketUrl', () => {
  it('accepts ws and wss URLs and names the problem otherwise', () => {
    expect(checkWebSocketUrl('ws://localhost:8787')).toBeNull();
    expect(checkWebSocketUrl('wss://a.b/c?d=1')).toBeNull();
    expect(checkWebSocketUrl('https://a.b')).toMatch(
      /uses https; a feed URL must start with ws:\/\/ or wss:\/\//,
    );
    expect(checkWebSocketUrl('localhost:8787')).toMatch(/uses localhost|not a URL/);
    expect(checkWebSocketUrl('nonsense')).toMatch(/is not a URL/);
  });
});

describe('formatFeedTarget', () => {
  it('writes an exchange without symbols as its bare name and one with symbols as name:list', () => {
    expect(formatFeedTarget({ kind: 'exchange', exchange: 'polymarket-sports', symbols: [] })).toBe(
      'polymarket-sports',
    );
    expect(
      formatFeedTarget({ kind: 'exchange', exchange: 'kraken', symbols: ['BTC/USD', 'ETH/USD'] }),
    ).toBe('kraken:BTC/USD,ETH/USD');
  });
});

describe('parseFeedTarget, each message in full', () => {
  it.each([
    ['kraken', 'kraken needs at least one symbol, e.g. kraken:BTC/USD,ETH/USD'],
    ['binance:', 'binance needs at least one symbol, e.g. binance:btcusdt'],
    ['ftp://h/x', '"ftp://h/x" is not a WebSocket URL; use ws:// or wss://'],
    [
      'Nasdaq',
      'unknown feed "nasdaq": expected a ws:// URL or one of binance, coinbase, kraken, polymarket-sports',
    ],
  ])('rejects %s saying: %s', (text, error) => {
    expect(parseFeedTarget(text)).toEqual({ ok: false, error });
  });

  it('reads an exchange name in any case, with symbols kept as given', () => {
    expect(parseFeedTarget('COINBASE:BTC-USD')).toEqual({
      ok: true,
      target: { kind: 'exchange', exchange: 'coinbase', symbols: ['BTC-USD'] },
    });
  });

  it('names a URL that does not parse', () => {
    expect(checkWebSocketUrl('ws://[bad')).toBe(
      '"ws://[bad" is not a URL (expected ws://host:port/path or wss://...)',
    );
  });
});

describe('parseFeedTarget: NATS sources', () => {
  it('reads one server or a cluster list and the source name, defaulting the port', () => {
    expect(parseFeedTarget('nats://127.0.0.1:4222/sim')).toEqual({
      ok: true,
      target: { kind: 'nats', servers: ['nats://127.0.0.1:4222'], source: 'sim' },
    });
    expect(parseFeedTarget('nats://a:4222,b,nats://c:4333/desk-1')).toEqual({
      ok: true,
      target: {
        kind: 'nats',
        servers: ['nats://a:4222', 'nats://b:4222', 'nats://c:4333'],
        source: 'desk-1',
      },
    });
    expect(parseFeedTarget('tls://a:4443/sim')).toMatchObject({
      target: { servers: ['tls://a:4443'] },
    });
    const parsed = parseFeedTarget('nats://a:1,b:2/sim');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parseFeedTarget(formatFeedTarget(parsed.target))).toEqual(parsed);
  });

  it('names what is wrong: no source, a bad source name, credentials, another scheme', () => {
    expect(parseFeedTarget('nats://127.0.0.1:4222')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/names no source/),
    });
    expect(parseFeedTarget('nats://h:1/a.b')).toMatchObject({
      error: expect.stringMatching(/not a valid source name/),
    });
    expect(parseFeedTarget('nats://u:p@h:1/sim')).toMatchObject({
      error: expect.stringMatching(/holds credentials/),
    });
    expect(parseFeedTarget('nats://h:1,http://x:2/sim')).toMatchObject({
      error: expect.stringMatching(/uses http:\/\//),
    });
    const many = Array.from({ length: 17 }, (_, i) => `h${i}:1`).join(',');
    expect(parseFeedTarget(`nats://${many}/sim`)).toMatchObject({
      error: expect.stringMatching(/at most 16 NATS servers/),
    });
  });

  it('takes sim as the embedded simulator', () => {
    expect(parseFeedTarget('sim')).toEqual({ ok: true, target: { kind: 'embedded' } });
  });
});

describe('parseNatsReplayTarget', () => {
  it('reads the servers, the source and the from..to range as epoch ms', () => {
    expect(
      parseNatsReplayTarget(
        'nats://127.0.0.1:4222,127.0.0.1:4223/sim?from=2026-12-03T06:00:00Z&to=2026-12-03T07:00:00Z',
      ),
    ).toEqual({
      ok: true,
      target: {
        servers: ['nats://127.0.0.1:4222', 'nats://127.0.0.1:4223'],
        source: 'sim',
        fromMs: Date.UTC(2026, 11, 3, 6),
        toMs: Date.UTC(2026, 11, 3, 7),
      },
    });
    expect(parseNatsReplayTarget('nats://127.0.0.1:4222/sim')).toMatchObject({
      ok: true,
      target: { fromMs: null, toMs: null },
    });
    expect(isNatsReplay(' tls://h:4443/sim')).toBe(true);
    expect(isNatsReplay('/home/me/recording')).toBe(false);
  });

  it('names what is wrong: a time, an unknown parameter, an empty range, no source', () => {
    expect(parseNatsReplayTarget('nats://h:4222/sim?from=yesterday')).toEqual({
      ok: false,
      error: 'from: "yesterday" is not an ISO time (e.g. 2026-12-03T06:00:00Z)',
    });
    expect(parseNatsReplayTarget('nats://h:4222/sim?speed=2')).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown parameter "speed"'),
    });
    expect(
      parseNatsReplayTarget('nats://h:4222/sim?from=2026-12-03T07:00:00Z&to=2026-12-03T06:00:00Z'),
    ).toMatchObject({ ok: false, error: expect.stringContaining('from must be before to') });
    expect(parseNatsReplayTarget('nats://h:4222?from=2026-12-03T07:00:00Z')).toMatchObject({
      ok: false,
    });
  });
});

describe('feed targets at the edges of the grammar', () => {
  it('decides the kind of target by its start only', () => {
    // A scheme-like text later in the value is part of a URL or a symbol, not another kind.
    expect(parseFeedTarget('ws://h:1/a?from=nats://x')).toEqual({
      ok: true,
      target: { kind: 'tickdeck', url: 'ws://h:1/a?from=nats://x' },
    });
    expect(parseFeedTarget('kraken:ws://x')).toEqual({
      ok: true,
      target: { kind: 'exchange', exchange: 'kraken', symbols: ['ws://x'] },
    });
    expect(parseFeedTarget('binance:http://x')).toEqual({
      ok: true,
      target: { kind: 'exchange', exchange: 'binance', symbols: ['http://x'] },
    });
    expect(isNatsReplay('recordings/nats://backup')).toBe(false);
  });

  it('reads nats:///sim as a server list with no host, not as a missing source', () => {
    expect(parseFeedTarget('nats:///sim')).toEqual({ ok: false, error: '"nats://" has no host' });
  });

  it('reads a NATS replay target trimmed, its source whole when no range is given', () => {
    expect(parseNatsReplayTarget(' nats://h:4222/sim ')).toEqual({
      ok: true,
      target: { servers: ['nats://h:4222'], source: 'sim', fromMs: null, toMs: null },
    });
  });

  it('refuses a replay range that is empty or a date not written in full', () => {
    const at = '2026-12-03T06:00:00Z';
    expect(parseNatsReplayTarget(`nats://h:4222/sim?from=${at}&to=${at}`)).toEqual({
      ok: false,
      error: `from must be before to in "nats://h:4222/sim?from=${at}&to=${at}"`,
    });
    // Date.parse accepts both of these; the grammar asks for YYYY-MM-DD at the start.
    for (const given of ['2026-12-3', 'on 2026-12-03'])
      expect(parseNatsReplayTarget(`nats://h:4222/sim?to=${given}`)).toEqual({
        ok: false,
        error: `to: "${given}" is not an ISO time (e.g. 2026-12-03T06:00:00Z)`,
      });
  });
});
