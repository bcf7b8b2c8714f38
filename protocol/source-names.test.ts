import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFeedTarget, type FeedTarget } from './feed-target';
import { MAX_ID_CHARS } from './limits';
import {
  checkSourceName,
  defaultSourceName,
  formatInstrumentName,
  MAX_SOURCE_NAME_CHARS,
  nextSourceName,
  parseInstrumentName,
  sourceNamesFor,
  uniqueSourceNames,
} from './source-names';

function target(text: string): FeedTarget {
  const parsed = parseFeedTarget(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
}

const sourceName = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/);

describe('instrument names', () => {
  it('round-trips source:id for any valid source and id', () => {
    fc.assert(
      fc.property(sourceName, fc.string({ minLength: 1, maxLength: MAX_ID_CHARS }), (s, id) => {
        const parsed = parseInstrumentName(formatInstrumentName(s, id));
        expect(parsed).toEqual({ ok: true, source: s, id });
      }),
    );
  });

  it('leaves an unprefixed id alone with one source', () => {
    expect(formatInstrumentName(null, 'BTC/USD')).toBe('BTC/USD');
    expect(parseInstrumentName('BTC/USD')).toEqual({ ok: true, source: null, id: 'BTC/USD' });
    expect(parseInstrumentName('kraken:BTC/USD')).toEqual({
      ok: true,
      source: 'kraken',
      id: 'BTC/USD',
    });
    // What precedes the colon is no source name: the whole text is the id.
    expect(parseInstrumentName('Odd Name:X')).toEqual({ ok: true, source: null, id: 'Odd Name:X' });
  });

  it('refuses empty, source-only and over-long names, naming the problem', () => {
    expect(parseInstrumentName('')).toEqual({ ok: false, error: 'an instrument name is empty' });
    expect(parseInstrumentName('kraken:')).toEqual({
      ok: false,
      error: '"kraken:" names a source but no instrument',
    });
    const long = parseInstrumentName('x'.repeat(400));
    expect(long.ok).toBe(false);
    expect(!long.ok && long.error).toMatch(/longer than 289 characters/);
    const longId = parseInstrumentName('x'.repeat(MAX_ID_CHARS + 1));
    expect(!longId.ok && longId.error).toMatch(/longer than 256/);
  });
});

describe('source names', () => {
  it('checks the grammar and the bound', () => {
    expect(checkSourceName('coinbase-2')).toBeNull();
    expect(checkSourceName('Kraken')).toMatch(/not a valid source name/);
    expect(checkSourceName('a:b')).toMatch(/not a valid source name/);
    expect(checkSourceName('-x')).toMatch(/not a valid source name/);
    expect(checkSourceName('x'.repeat(MAX_SOURCE_NAME_CHARS + 1))).toMatch(/longer than 32/);
  });

  it('derives a short default per kind of feed', () => {
    expect(defaultSourceName(target('sim'))).toBe('sim');
    expect(defaultSourceName(target('kraken:BTC/USD,ETH/USD'))).toBe('kraken');
    expect(defaultSourceName(target('coinbase:BTC-USD'))).toBe('coinbase');
    expect(defaultSourceName(target('binance:btcusdt'))).toBe('binance');
    expect(defaultSourceName(target('polymarket-sports'))).toBe('polymarket');
    expect(defaultSourceName(target('nats://127.0.0.1:4222/desk_A'))).toBe('desk-a');
    expect(defaultSourceName(target('ws://127.0.0.1:8080/feed'))).toBe('127-0-0-1-8080');
    expect(defaultSourceName(target('wss://feed.example.com'))).toBe('feed-example-com');
  });

  it("names a ws:// source by its host and port, leaving out the scheme's own port", () => {
    const named = (url: string) => defaultSourceName(target(url));
    expect(named('ws://127.0.0.1:8080')).toBe('127-0-0-1-8080');
    expect(named('ws://feed.example')).toBe('feed-example');
    expect(named('ws://feed.example:80')).toBe('feed-example');
    expect(named('wss://x.example:443')).toBe('x-example');
    // Each scheme's own port only: 443 on ws:// and 80 on wss:// are ports a user chose.
    expect(named('ws://x.example:443')).toBe('x-example-443');
    expect(named('wss://x.example:80')).toBe('x-example-80');
    expect(named('ws://[::1]:8080')).toBe('ipv6-1-8080');
    expect(named('ws://bücher.example:9000/feed')).toBe('xn-bcher-kva-example-9000');
    // Rule 1, which files saved before bug 112 were named by, is the host alone.
    expect(defaultSourceName(target('ws://127.0.0.1:8080'), 1)).toBe('127-0-0-1');
  });

  it('gives two servers on one host different names, whichever is added first or alone', () => {
    const a = 'ws://127.0.0.1:8080';
    const b = 'ws://127.0.0.1:9090';
    expect(sourceNamesFor([a, b])).toEqual(['127-0-0-1-8080', '127-0-0-1-9090']);
    expect(sourceNamesFor([b, a])).toEqual(['127-0-0-1-9090', '127-0-0-1-8080']);
    expect(sourceNamesFor([null, b])).toEqual(['sim', '127-0-0-1-9090']);
    // Rule 1 named them by the order added: the bug.
    expect(sourceNamesFor([a, b], 1)).toEqual(['127-0-0-1', '127-0-0-1-2']);
    expect(sourceNamesFor([null, b], 1)).toEqual(['sim', '127-0-0-1']);
    // Two paths on one host and port are told apart by the order added, as other kinds are.
    expect(sourceNamesFor([`${a}/eu`, `${a}/us`])).toEqual(['127-0-0-1-8080', '127-0-0-1-8080-2']);
  });

  it('cuts a long host, never the port, so two ports on it still differ', () => {
    const host = `${'desk'.repeat(15)}.example`;
    const named = (port: number) => defaultSourceName(target(`ws://${host}:${port}`));
    const [eu, us] = [named(8080), named(9090)];
    expect(eu).toBe(`${'desk'.repeat(6)}des-8080`);
    expect(us).toBe(`${'desk'.repeat(6)}des-9090`);
    expect(eu).toHaveLength(MAX_SOURCE_NAME_CHARS);
    // A cut that ends at a hyphen loses it: `a-b...` never names `a--8080`.
    expect(defaultSourceName(target(`ws://${'a'.repeat(25)}.b.example:65535`))).toBe(
      `${'a'.repeat(25)}-65535`,
    );
    for (const name of [eu, us, defaultSourceName(target('ws://[::]:65535'))])
      expect(checkSourceName(name)).toBeNull();
  });

  it('names a ws:// host a user recognises, whatever its form', () => {
    const named = (url: string) => defaultSourceName(target(url));
    expect(named('ws://[::1]')).toBe('ipv6-1');
    expect(named('ws://[fe80::1:2]/feed')).toBe('ipv6-fe80-1-2');
    expect(named('ws://[2001:db8::8a2e:370:7334]')).toBe('ipv6-2001-db8-8a2e-370-7334');
    expect(named('ws://[::]:8080')).toBe('ipv6-8080');
    expect(named('ws://localhost:8787')).toBe('localhost-8787');
    expect(named('ws://127.0.0.1')).toBe('127-0-0-1');
    // A source name holds a-z, 0-9 and hyphens only: an IDN is named by its ASCII form.
    expect(named('ws://bücher.example')).toBe('xn-bcher-kva-example');
    const host = `${'desk'.repeat(15)}.example`;
    expect(named(`ws://${host}`)).toBe('desk'.repeat(8));
    expect(named(`ws://${'a'.repeat(31)}.b.example`)).toBe('a'.repeat(31));
    for (const url of ['ws://[::1]', 'ws://[::]', `ws://${host}`, 'ws://bücher.example'])
      expect(checkSourceName(named(url))).toBeNull();
  });

  it('makes duplicates unique in order, as sources added one after another', () => {
    expect(uniqueSourceNames(['sim', 'kraken', 'kraken', 'kraken'])).toEqual([
      'sim',
      'kraken',
      'kraken-2',
      'kraken-3',
    ]);
    // A later name equal to an earlier suffixed one is itself a duplicate by then.
    expect(uniqueSourceNames(['kraken', 'kraken', 'kraken-2'])).toEqual([
      'kraken',
      'kraken-2',
      'kraken-2-2',
    ]);
    const long = 'x'.repeat(MAX_SOURCE_NAME_CHARS);
    const names = uniqueSourceNames([long, long]);
    expect(names[1]).toBe(`${'x'.repeat(MAX_SOURCE_NAME_CHARS - 2)}-2`);
    for (const name of names) expect(checkSourceName(name)).toBeNull();
  });

  it('names an added source beside the live ones, taking back a name its source no longer holds', () => {
    expect(nextSourceName('kraken:BTC/USD', ['sim', 'kraken', 'kraken-2'])).toBe('kraken-3');
    // `kraken` was removed; `kraken-2` keeps its name, and the next Kraken gets `kraken` back.
    expect(nextSourceName('kraken:ETH/USD', ['sim', 'kraken-2'])).toBe('kraken');
    expect(nextSourceName('kraken:ETH/USD', ['kraken', 'kraken-3'])).toBe('kraken-2');
    expect(nextSourceName('nats://127.0.0.1:4222/replay', [])).toBe('replay-2');
    expect(nextSourceName('nowhere:X', [])).toBe('source');
    expect(sourceNamesFor([null, 'kraken:BTC/USD', 'kraken:ETH/USD'])).toEqual([
      'sim',
      'kraken',
      'kraken-2',
    ]);
  });
});
