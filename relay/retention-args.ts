/**
 * The relay's history limits from its command line: `--retention-age` and `--retention-bytes`,
 * each a number and a unit within its bounds, and `--replicas`; the defaults when left out.
 */
import { RelayUsageError } from './relay-usage';
import type { Retention } from './relay-storage';

/** History kept when no `--retention-age` is given, ms (one day). */
const DEFAULT_RETENTION_AGE_MS = 24 * 3_600_000;
/** History kept when no `--retention-bytes` is given (1 GiB). */
const DEFAULT_RETENTION_BYTES = 1024 ** 3;
/** Bounds of `--retention-age`, ms: a minute to a year. */
const RETENTION_AGE_MS = [60_000, 366 * 86_400_000] as const;
/** Bounds of `--retention-bytes`: 1 MiB to 1 TiB. */
const RETENTION_BYTES = [1024 ** 2, 1024 ** 4] as const;
/** JetStream replicas a relay accepts: one server, or a cluster of three or five. */
const REPLICAS = ['1', '3', '5'];

const UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNITS_BYTES: Record<string, number> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
};

function bounded(
  flag: string,
  text: string,
  units: Record<string, number>,
  [min, max]: readonly [number, number],
  range: string,
): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined)
    throw new RelayUsageError(
      `--${flag} expects a number and a unit (${Object.keys(units).join(', ')}), got "${text}"`,
    );
  const value = Math.round(Number(match[1]) * unit);
  if (value < min || value > max)
    throw new RelayUsageError(`--${flag} must be ${range}, got "${text}"`);
  return value;
}

/** `--replicas` (1 when not given). Throws {@link RelayUsageError}. */
export function parseReplicas(text = '1'): number {
  if (!REPLICAS.includes(text))
    throw new RelayUsageError(`--replicas must be 1, 3 or 5, got "${text}"`);
  return Number(text);
}

/** `--retention-age` and `--retention-bytes`, each its default when not given. */
export function parseRetention(
  ageText: string | undefined,
  bytesText: string | undefined,
  replicas: number,
): Retention {
  return {
    maxAgeMs:
      ageText === undefined
        ? DEFAULT_RETENTION_AGE_MS
        : bounded('retention-age', ageText, UNITS_MS, RETENTION_AGE_MS, '1m to 366d'),
    maxBytes:
      bytesText === undefined
        ? DEFAULT_RETENTION_BYTES
        : bounded('retention-bytes', bytesText, UNITS_BYTES, RETENTION_BYTES, '1MB to 1TB'),
    replicas,
  };
}
