/**
 * Readers for the protocol's data: ticks, snapshot states, instruments and replay state. Each
 * validates in place and returns the same object typed (no copy: this is the ingest hot path).
 */
import type { Incident, Instrument, ReplayInfo, SnapshotState, Tick } from './feed';
import {
  arr,
  bad,
  bool,
  id,
  int,
  intIn,
  num,
  obj,
  oneOf,
  optional,
  pos,
  str,
  time,
  type Obj,
} from './decode-fields';
import {
  MAX_BOOK_LEVELS,
  MAX_DECIMALS,
  MAX_KIND_CHARS,
  MAX_SNAPSHOT_INCIDENTS,
  MIN_TICK_SIZE,
} from './limits';

const MATCH_STATUSES = ['scheduled', 'live', 'halftime', 'finished'] as const;
const INCIDENT_TYPES = ['goal', 'yellow-card', 'red-card', 'substitution'] as const;
const TEAMS = ['home', 'away'] as const;
/** Module constants, not literals in `readTick`: a literal there is an array per trade. */
const SIDES = ['buy', 'sell'] as const;

function incident(o: Obj, path: string): Incident {
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
function bookState(book: Obj, path: string): void {
  bookSide(book, 'bids', path, 'bids');
  bookSide(book, 'asks', path, 'asks');
}

/** Validates one tick in place; returns it typed. Exported for adapters and the recording reader. */
export function readTick(v: unknown, path: string): Tick {
  const o = obj(v, path);
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
      else {
        bookSide(o, 'bids', path, 'changes');
        bookSide(o, 'asks', path, 'changes');
      }
      break;
    default:
      // A kind from a later protocol version: kept (its seq counts) and left to the client to
      // skip (PROTOCOL.md, "ticks"). Only its name is checked.
      if (typeof o.kind !== 'string' || o.kind.length === 0 || o.kind.length > MAX_KIND_CHARS)
        bad(`${path}.kind`, `a tick kind (a string of 1 to ${MAX_KIND_CHARS} chars)`, o.kind);
  }
  return o as unknown as Tick;
}

/** Validates one instrument of a `hello`. */
export function instrument(v: unknown, path: string): Instrument {
  const o = obj(v, path);
  id(o, 'id', path);
  str(o, 'name', path);
  const kind = oneOf(o, 'kind', ['market', 'sports'] as const, path);
  if (kind === 'market') {
    const tick = num(o, 'tickSize', path);
    if (tick < MIN_TICK_SIZE) bad(`${path}.tickSize`, `a number >= ${MIN_TICK_SIZE}`, tick);
    if (o.decimals !== undefined) intIn(o, 'decimals', path, 0, MAX_DECIMALS);
  } else {
    str(o, 'home', path);
    str(o, 'away', path);
    optional(o, 'startTime', time, path);
  }
  return o as unknown as Instrument;
}

/** Validates a snapshot state. Exported for the recording reader. */
export function readSnapshotState(v: unknown, path: string): SnapshotState {
  const o = obj(v, path);
  const kind = oneOf(o, 'kind', ['market', 'sports'] as const, path);
  time(o, 'ts', path);
  if (kind === 'market') {
    for (const key of [
      'bid',
      'ask',
      'bidSize',
      'askSize',
      'open',
      'high',
      'low',
      'last',
      'lastSize',
      'volume',
    ])
      pos(o, key, path);
    int(o, 'trades', path);
    if (o.book !== undefined) bookState(obj(o.book, `${path}.book`), `${path}.book`);
  } else {
    oneOf(o, 'status', MATCH_STATUSES, path);
    int(o, 'home', path);
    int(o, 'away', path);
    pos(o, 'clockMs', path);
    bool(o, 'running', path);
    const odds = obj(o.odds, `${path}.odds`);
    for (const key of ['home', 'draw', 'away']) pos(odds, key, `${path}.odds`);
    const incidents = arr(o.incidents, `${path}.incidents`);
    if (incidents.length > MAX_SNAPSHOT_INCIDENTS)
      bad(`${path}.incidents`, `at most ${MAX_SNAPSHOT_INCIDENTS} incidents`, incidents);
    incidents.forEach((inc, i) =>
      incident(obj(inc, `${path}.incidents[${i}]`), `${path}.incidents[${i}]`),
    );
  }
  return o as unknown as SnapshotState;
}

/** Validates the replay position and transport state a replay server reports. */
export function replayInfo(v: unknown, path: string): ReplayInfo {
  const o = obj(v, path);
  time(o, 'start', path);
  time(o, 'end', path);
  time(o, 'position', path);
  bool(o, 'playing', path);
  pos(o, 'speed', path);
  bool(o, 'loop', path);
  return o as unknown as ReplayInfo;
}
