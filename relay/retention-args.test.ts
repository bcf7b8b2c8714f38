import { describe, expect, it } from 'vitest';
import { RelayUsageError } from './relay-usage';
import { parseReplicas, parseRetention } from './retention-args';

describe('the relay history limits from the command line', () => {
  it('keeps a day and a GiB on one replica when nothing is given', () => {
    expect(parseRetention(undefined, undefined, parseReplicas())).toEqual({
      maxAgeMs: 86_400_000,
      maxBytes: 1024 ** 3,
      replicas: 1,
    });
  });

  it('reads a number and a unit, in any case, with decimals and a space', () => {
    expect(parseRetention('1.5h', '512MB', 3)).toEqual({
      maxAgeMs: 5_400_000,
      maxBytes: 512 * 1024 ** 2,
      replicas: 3,
    });
    expect(parseRetention('90 s', '1.5 gb', 1)).toMatchObject({
      maxAgeMs: 90_000,
      maxBytes: 1.5 * 1024 ** 3,
    });
    expect(parseRetention('7D', '1TB', 1)).toMatchObject({
      maxAgeMs: 7 * 86_400_000,
      maxBytes: 1024 ** 4,
    });
  });

  it('takes a minute to 366 days and 1 MiB to 1 TiB, bounds included', () => {
    expect(parseRetention('60s', '1mb', 1)).toMatchObject({
      maxAgeMs: 60_000,
      maxBytes: 1024 ** 2,
    });
    expect(parseRetention('366d', '1024gb', 1)).toMatchObject({
      maxAgeMs: 366 * 86_400_000,
      maxBytes: 1024 ** 4,
    });
    // The message names the range, so a refused value says what would be taken.
    expect(() => parseRetention('59s', undefined, 1)).toThrow(
      '--retention-age must be 1m to 366d, got "59s"',
    );
    expect(() => parseRetention('367d', undefined, 1)).toThrow(
      /--retention-age must be 1m to 366d/,
    );
    expect(() => parseRetention(undefined, '1023kb', 1)).toThrow(
      /--retention-bytes must be 1MB to 1TB/,
    );
    expect(() => parseRetention(undefined, '1025gb', 1)).toThrow(
      /--retention-bytes must be 1MB to 1TB/,
    );
  });

  it('refuses a size given as an age and an age given as a size, naming the units', () => {
    expect(() => parseRetention('10mb', undefined, 1)).toThrow(
      new RelayUsageError('--retention-age expects a number and a unit (s, m, h, d), got "10mb"'),
    );
    expect(() => parseRetention(undefined, '10h', 1)).toThrow(
      /--retention-bytes expects a number and a unit \(b, kb, mb, gb, tb\), got "10h"/,
    );
  });

  it('takes 1, 3 or 5 replicas only', () => {
    expect([undefined, '1', '3', '5'].map((r) => parseReplicas(r))).toEqual([1, 1, 3, 5]);
    for (const bad of ['0', '2', '7', '3.0', ' 3'])
      expect(() => parseReplicas(bad)).toThrow(RelayUsageError);
  });
});
