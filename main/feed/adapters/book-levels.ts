/**
 * Reads an exchange's book side written as `[price, size]` decimal strings (Binance depth,
 * Coinbase level2), naming the offending level when one cannot be read.
 */
import type { BookLevel } from '../../../protocol/feed';
import { dec, FieldError, type Obj } from './fields';

/**
 * The side's levels in the order sent, at most `maxLevels` of them: a longer side is cut there
 * when `cut`, else refused. Entries past the first two of a level are ignored.
 */
export function readLevels(v: unknown, path: string, maxLevels: number, cut = false): BookLevel[] {
  if (!Array.isArray(v)) throw new FieldError(path, 'an array of [price, size] levels', v);
  if (v.length > maxLevels && !cut)
    throw new Error(`${path}: ${v.length} levels, at most ${maxLevels} allowed`);
  const n = Math.min(v.length, maxLevels);
  const levels: BookLevel[] = [];
  for (let i = 0; i < n; i++) {
    const level: unknown = v[i];
    const at = `${path}[${i}]`;
    if (!Array.isArray(level) || level.length < 2)
      throw new FieldError(at, 'a [price, size] pair', level);
    // Read signed, so a negative price is told as what a level needs: above 0.
    const price = dec(level as unknown as Obj, '0', at, false, true).value;
    if (price <= 0) throw new FieldError(`${at}.0`, 'a price above 0', level[0]);
    levels.push([price, dec(level as unknown as Obj, '1', at).value]);
  }
  return levels;
}
