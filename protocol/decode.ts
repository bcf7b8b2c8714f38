/**
 * The one decoder for untrusted protocol text: a frame becomes a typed message or a precise
 * error naming the field and what was wrong. Hand-written rather than schema-generated because
 * it runs once per tick on the ingest hot path (see ARCHITECTURE.md, "Decoding").
 */
import type {
  ClientMessage,
  ErrorCode,
  Incident,
  Instrument,
  ReplayInfo,
  ServerMessage,
  SnapshotState,
  Tick,
} from './feed';
import { PROTOCOL_VERSION } from './feed';

/** Why a frame was rejected: `path` names the offending field (e.g. `ticks[3].bid`). */
export interface DecodeError {
  readonly code: Extract<ErrorCode, 'BAD_JSON' | 'BAD_REQUEST' | 'UNKNOWN_OP'>;
  readonly path: string;
  readonly message: string;
}

/** Result of decoding one frame. */
export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

class Invalid extends Error {
  constructor(
    readonly code: DecodeError['code'],
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

type Obj = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

function bad(path: string, expected: string, got: unknown): never {
  throw new Invalid('BAD_REQUEST', path, `expected ${expected}, got ${describe(got)}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object', v);
  return v as Obj;
}

function num(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${path}.${key}`, 'a finite number', v);
  return v;
}

function pos(o: Obj, key: string, path: string): number {
  const v = num(o, key, path);
  if (v < 0) bad(`${path}.${key}`, 'a number >= 0', v);
  return v;
}

function int(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    bad(`${path}.${key}`, 'an integer >= 0', v);
  return v;
}

function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) bad(`${path}.${key}`, 'a non-empty string', v);
  return v;
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') bad(`${path}.${key}`, 'true or false', v);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, allowed: readonly T[], path: string): T {
  const v = o[key];
  if (!allowed.includes(v as T)) bad(`${path}.${key}`, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

function optional<T>(
  o: Obj,
  key: string,
  read: (o: Obj, key: string, path: string) => T,
  path: string,
): T | undefined {
  return o[key] === undefined ? undefined : read(o, key, path);
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'an array', v);
  return v;
}

const MATCH_STATUSES = ['scheduled', 'live', 'halftime', 'finished'] as const;
const INCIDENT_TYPES = ['goal', 'yellow-card', 'red-card', 'substitution'] as const;
const TEAMS = ['home', 'away'] as const;

function incident(o: Obj, path: string): Incident {
  oneOf(o, 'type', INCIDENT_TYPES, path);
  oneOf(o, 'team', TEAMS, path);
  pos(o, 'clockMs', path);
  optional(o, 'player', str, path);
  return o as unknown as Incident;
}

/** Validates one tick in place; returns it typed. Exported for adapters and the recording reader. */
export function readTick(v: unknown, path: string): Tick {
  const o = obj(v, path);
  str(o, 'instrument', path);
  int(o, 'seq', path);
  num(o, 'ts', path);
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
      oneOf(o, 'side', ['buy', 'sell'] as const, path);
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
    default:
      bad(`${path}.kind`, 'one of quote, trade, score, clock, odds, status, incident', o.kind);
  }
  return o as unknown as Tick;
}

function instrument(v: unknown, path: string): Instrument {
  const o = obj(v, path);
  str(o, 'id', path);
  str(o, 'name', path);
  const kind = oneOf(o, 'kind', ['market', 'sports'] as const, path);
  if (kind === 'market') {
    const tick = num(o, 'tickSize', path);
    if (tick <= 0) bad(`${path}.tickSize`, 'a number > 0', tick);
    optional(o, 'decimals', int, path);
  } else {
    str(o, 'home', path);
    str(o, 'away', path);
    optional(o, 'startTime', num, path);
  }
  return o as unknown as Instrument;
}

/** Validates a snapshot state. Exported for the recording reader. */
export function readSnapshotState(v: unknown, path: string): SnapshotState {
  const o = obj(v, path);
  const kind = oneOf(o, 'kind', ['market', 'sports'] as const, path);
  num(o, 'ts', path);
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
  } else {
    oneOf(o, 'status', MATCH_STATUSES, path);
    int(o, 'home', path);
    int(o, 'away', path);
    pos(o, 'clockMs', path);
    bool(o, 'running', path);
    const odds = obj(o.odds, `${path}.odds`);
    for (const key of ['home', 'draw', 'away']) pos(odds, key, `${path}.odds`);
    arr(o.incidents, `${path}.incidents`).forEach((inc, i) =>
      incident(obj(inc, `${path}.incidents[${i}]`), `${path}.incidents[${i}]`),
    );
  }
  return o as unknown as SnapshotState;
}

function replayInfo(v: unknown, path: string): ReplayInfo {
  const o = obj(v, path);
  num(o, 'start', path);
  num(o, 'end', path);
  num(o, 'position', path);
  bool(o, 'playing', path);
  pos(o, 'speed', path);
  bool(o, 'loop', path);
  return o as unknown as ReplayInfo;
}

function serverMessage(v: unknown): ServerMessage {
  const o = obj(v, 'message');
  switch (o.op) {
    case 'ticks': {
      const ticks = arr(o.ticks, 'ticks');
      for (let i = 0; i < ticks.length; i++) readTick(ticks[i], `ticks[${i}]`);
      break;
    }
    case 'heartbeat':
      num(o, 'ts', 'heartbeat');
      break;
    case 'snapshot':
      str(o, 'instrument', 'snapshot');
      int(o, 'seq', 'snapshot');
      readSnapshotState(o.state, 'snapshot.state');
      break;
    case 'status':
      if (o.id !== null) int(o, 'id', 'status');
      if (!bool(o, 'ok', 'status')) {
        const err = obj(o.error, 'status.error');
        str(err, 'code', 'status.error');
        str(err, 'message', 'status.error');
      }
      break;
    case 'hello':
      if (o.protocol !== PROTOCOL_VERSION) bad('hello.protocol', `${PROTOCOL_VERSION}`, o.protocol);
      if (int(o, 'heartbeatMs', 'hello') < 1)
        bad('hello.heartbeatMs', 'an integer >= 1', o.heartbeatMs);
      arr(o.instruments, 'hello.instruments').forEach((inst, i) =>
        instrument(inst, `hello.instruments[${i}]`),
      );
      optional(o, 'server', str, 'hello');
      if (o.replay !== undefined) replayInfo(o.replay, 'hello.replay');
      break;
    case 'replay':
      replayInfo(o.state, 'replay.state');
      optional(o, 'seeked', bool, 'replay');
      break;
    default:
      throw new Invalid('UNKNOWN_OP', 'op', `unknown op ${describe(o.op)}`);
  }
  return o as unknown as ServerMessage;
}

function instrumentList(o: Obj, path: string): readonly string[] {
  const list = arr(o.instruments, `${path}.instruments`);
  if (list.length === 0) bad(`${path}.instruments`, 'at least one instrument id (or "*")', list);
  list.forEach((id, i) => {
    if (typeof id !== 'string' || id.length === 0)
      bad(`${path}.instruments[${i}]`, 'a non-empty string', id);
  });
  return list as string[];
}

function clientMessage(v: unknown): ClientMessage {
  const o = obj(v, 'message');
  switch (o.op) {
    case 'subscribe': {
      int(o, 'id', 'subscribe');
      instrumentList(o, 'subscribe');
      optional(o, 'conflateMs', int, 'subscribe');
      optional(o, 'snapshot', bool, 'subscribe');
      if (o.resume !== undefined) {
        const resume = obj(o.resume, 'subscribe.resume');
        for (const key of Object.keys(resume)) int(resume, key, 'subscribe.resume');
      }
      break;
    }
    case 'unsubscribe':
      int(o, 'id', 'unsubscribe');
      instrumentList(o, 'unsubscribe');
      break;
    case 'replay': {
      int(o, 'id', 'replay');
      const action = oneOf(o, 'action', ['pause', 'resume', 'seek', 'speed'] as const, 'replay');
      if (action === 'seek') num(o, 'to', 'replay');
      if (action === 'speed') pos(o, 'speed', 'replay');
      break;
    }
    default:
      throw new Invalid('UNKNOWN_OP', 'op', `unknown op ${describe(o.op)}`);
  }
  return o as unknown as ClientMessage;
}

function decode<T>(text: string, read: (v: unknown) => T): Decoded<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      error: { code: 'BAD_JSON', path: '', message: `not JSON: ${(err as Error).message}` },
    };
  }
  return decodeValue(parsed, read);
}

function decodeValue<T>(parsed: unknown, read: (v: unknown) => T): Decoded<T> {
  try {
    return { ok: true, value: read(parsed) };
  } catch (err) {
    if (err instanceof Invalid)
      return { ok: false, error: { code: err.code, path: err.path, message: err.message } };
    throw err;
  }
}

/** Decodes a frame a server sent (untrusted on the client side). */
export function decodeServerMessage(text: string): Decoded<ServerMessage> {
  return decode(text, serverMessage);
}

/** Validates an already-parsed value as a server message (recordings store parsed lines). */
export function validateServerMessage(value: unknown): Decoded<ServerMessage> {
  return decodeValue(value, serverMessage);
}

/** Decodes a frame a client sent (untrusted on the server side). */
export function decodeClientMessage(text: string): Decoded<ClientMessage> {
  return decode(text, clientMessage);
}

/** Best-effort request id of a rejected client frame, so its error status can name it. */
export function requestIdOf(text: string): number | null {
  try {
    const v: unknown = JSON.parse(text);
    const id = typeof v === 'object' && v !== null ? (v as Obj).id : undefined;
    return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
  } catch {
    return null;
  }
}
