/**
 * Readers for the protocol's data other than ticks (decode-tick.ts): snapshot states,
 * instruments and replay state. Each validates in place and returns the same object typed.
 */
import type { Instrument, ReplayInfo, SnapshotState } from './feed';
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
} from './decode-fields';
import { bookState, incident } from './decode-tick';
import { MATCH_STATUSES } from './feed-ticks';
import {
  MAX_DECIMALS,
  MAX_SNAPSHOT_INCIDENTS,
  MIN_TICK_SIZE,
  REPLAY_SPEEDS,
  isReplaySpeed,
} from './limits';

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
  // Bounded as the server's own check bounds it (bug 267: 1e9 showed as "1000000000×").
  if (!isReplaySpeed(pos(o, 'speed', path))) bad(`${path}.speed`, REPLAY_SPEEDS, o.speed);
  bool(o, 'loop', path);
  return o as unknown as ReplayInfo;
}
