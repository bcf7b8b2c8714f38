/**
 * The tick reader: validates a tick in place and returns it typed (no copy: this runs once per
 * tick on the ingest hot path). Also the book and incident checks a snapshot shares.
 */
import type { Incident, Tick } from './feed';
import {
  bad,
  bool,
  id,
  int,
  isCount,
  isId,
  isPos,
  isTime,
  obj,
  oneOf,
  optional,
  pos,
  str,
  time,
  type Obj,
} from './decode-fields';
import { MAX_BOOK_LEVELS, MAX_KIND_CHARS } from './limits';
import { MATCH_STATUSES } from './feed-ticks';

const INCIDENT_TYPES = ['goal', 'yellow-card', 'red-card', 'substitution'] as const;
const TEAMS = ['home', 'away'] as const;
/** Module constants, not literals in `readTick`: a literal there is an array per trade. */
const SIDES = ['buy', 'sell'] as const;

export function incident(o: Obj, path: string): Incident {
  oneOf(o, 'type', INCIDENT_TYPES, path);
  oneOf(o, 'team', TEAMS, path);
  pos(o, 'clockMs', path);
  optional(o, 'player', str, path);
  return o as unknown as Incident;
}

/** How a book side is read: as changes (any order, size 0 removes), or as a whole side. */
type SideShape = 'changes' | 'bids' | 'asks';

/**
 * One side of a book, field `key` of `book`: at most {@link MAX_BOOK_LEVELS} `[price, size]`
 * pairs, price above 0. Changes may hold size 0 (a removal); a whole side holds sizes above 0
 * in book order (bids high to low, asks low to high, no price twice), which the client's book
 * relies on. Paths are built only for an error: this runs for nearly half the ticks a feed
 * with books sends, and a string per side was garbage on every one.
 */
function bookSide(book: Obj, key: 'bids' | 'asks', path: string, shape: SideShape): void {
  const levels = book[key];
  if (!Array.isArray(levels)) bad(`${path}.${key}`, 'an array', levels);
  if (levels.length > MAX_BOOK_LEVELS)
    bad(`${path}.${key}`, `at most ${MAX_BOOK_LEVELS} levels`, levels);
  const dir = shape === 'bids' ? -1 : 1;
  const minSize = shape === 'changes' ? 0 : Number.MIN_VALUE;
  let prev = NaN;
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 2)
      bad(`${path}.${key}[${i}]`, 'a [price, size] pair', level);
    // Indexed, not destructured: destructuring runs the array iterator, an object per level.
    const price: unknown = level[0];
    const size: unknown = level[1];
    if (typeof price !== 'number' || !Number.isFinite(price) || price <= 0)
      bad(`${path}.${key}[${i}][0]`, 'a price > 0', price);
    if (typeof size !== 'number' || !Number.isFinite(size) || size < minSize)
      bad(`${path}.${key}[${i}][1]`, shape === 'changes' ? 'a size >= 0' : 'a size > 0', size);
    if (shape !== 'changes' && i > 0 && (price - prev) * dir <= 0)
      bad(
        `${path}.${key}[${i}][0]`,
        shape === 'bids' ? 'a price below the last' : 'a price above the last',
        price,
      );
    prev = price;
  }
}

/** A whole book: bids high to low, asks low to high. */
export function bookState(book: Obj, path: string): void {
  bookSide(book, 'bids', path, 'bids');
  bookSide(book, 'asks', path, 'asks');
}

/** A book tick's changes: each side in any order, size 0 removing a level. */
function bookChanges(book: Obj, path: string): void {
  bookSide(book, 'bids', path, 'changes');
  bookSide(book, 'asks', path, 'changes');
}

/** Every check of a tick, one generic field reader each: the reference, and the precise error. */
function anyTick(o: Obj, path: string): void {
  id(o, 'instrument', path);
  int(o, 'seq', path);
  time(o, 'ts', path);
  if (o.conflated !== undefined && (int(o, 'conflated', path) as number) < 1)
    bad(`${path}.conflated`, 'an integer >= 1', o.conflated);
  switch (o.kind) {
    case 'quote':
      pos(o, 'bid', path);
      pos(o, 'ask', path);
      pos(o, 'bidSize', path);
      pos(o, 'askSize', path);
      break;
    case 'trade':
      pos(o, 'price', path);
      pos(o, 'size', path);
      oneOf(o, 'side', SIDES, path);
      optional(o, 'count', int, path);
      optional(o, 'high', pos, path);
      optional(o, 'low', pos, path);
      break;
    case 'score':
      int(o, 'home', path);
      int(o, 'away', path);
      break;
    case 'clock':
      pos(o, 'clockMs', path);
      bool(o, 'running', path);
      break;
    case 'odds':
      pos(o, 'home', path);
      pos(o, 'draw', path);
      pos(o, 'away', path);
      break;
    case 'status':
      oneOf(o, 'status', MATCH_STATUSES, path);
      break;
    case 'incident':
      incident(o, path);
      break;
    case 'book':
      if (optional(o, 'full', bool, path) === true) bookState(o, path);
      else bookChanges(o, path);
      break;
    default:
      // A kind from a later protocol version: kept (its seq counts) and left to the client to
      // skip (PROTOCOL.md, "ticks"). Only its name is checked.
      if (typeof o.kind !== 'string' || o.kind.length === 0 || o.kind.length > MAX_KIND_CHARS)
        bad(`${path}.kind`, `a tick kind (a string of 1 to ${MAX_KIND_CHARS} chars)`, o.kind);
  }
}

/**
 * The kinds nearly every frame holds (quotes, trades, books), checked with a named read per
 * field: true when `o` passed every check `anyTick` makes, false when it is another kind or
 * failed one (then `anyTick` runs and names the field). The generic readers read a field by a
 * computed key, which cannot be optimised and boxes every double it reads (`ts`, prices): 38 B
 * of garbage a tick at 5,000 instruments (docs/PERFORMANCE.md, "Scale curve: instruments").
 * A book's sides are the same `bookSide` (it reads its levels by index, which boxes nothing).
 */
function passesCommonKind(o: Obj, path: string): boolean {
  const conflated = o.conflated;
  if (!isId(o.instrument) || !isCount(o.seq) || !isTime(o.ts)) return false;
  if (conflated !== undefined && !(isCount(conflated) && (conflated as number) >= 1)) return false;
  switch (o.kind) {
    case 'quote':
      return isPos(o.bid) && isPos(o.ask) && isPos(o.bidSize) && isPos(o.askSize);
    case 'trade':
      return (
        isPos(o.price) &&
        isPos(o.size) &&
        (o.side === 'buy' || o.side === 'sell') &&
        (o.count === undefined || isCount(o.count)) &&
        (o.high === undefined || isPos(o.high)) &&
        (o.low === undefined || isPos(o.low))
      );
    case 'book': {
      const full = o.full;
      if (full === true) bookState(o, path);
      else if (full === undefined || full === false) bookChanges(o, path);
      else return false;
      return true;
    }
    default:
      return false;
  }
}

/** Validates one tick in place; returns it typed. Exported for adapters and the recording reader. */
export function readTick(v: unknown, path: string): Tick {
  const o = obj(v, path);
  if (!passesCommonKind(o, path)) anyTick(o, path);
  return o as unknown as Tick;
}
