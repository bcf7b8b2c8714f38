/**
 * The one decoder for untrusted protocol text: a frame becomes a typed message or a precise
 * error naming the field and what was wrong. Hand-written rather than schema-generated because
 * it runs once per tick on the ingest hot path (see ARCHITECTURE.md, "Hand-written decoder").
 * Field readers live in decode-fields.ts; the tick reader in decode-tick.ts; snapshot and
 * instrument readers in decode-data.ts.
 */
import type { ServerMessage } from './feed';
import type { ClientMessage } from './feed-requests';
import { PROTOCOL_VERSION } from './feed';
import { instrument, readSnapshotState, replayInfo } from './decode-data';
import { readTick } from './decode-tick';
import { MAX_HEARTBEAT_MS, MAX_INSTRUMENTS, MIN_HEARTBEAT_MS } from './limits';
import {
  Invalid,
  arr,
  bad,
  bool,
  describe,
  id,
  int,
  intIn,
  obj,
  oneOf,
  optional,
  pos,
  str,
  time,
  type DecodeError,
  type Obj,
} from './decode-fields';

export { readSnapshotState } from './decode-data';
export { readTick } from './decode-tick';
export type { DecodeError } from './decode-fields';

/** Result of decoding one frame. */
export type Decoded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/**
 * Validates a frame's ticks in place. Each is checked under one constant path, and only a
 * tick that fails is checked again under its own (`ticks[3]`), which throws the error naming
 * it: a path string per tick was garbage on every tick of every frame.
 */
function readTicks(ticks: readonly unknown[]): void {
  let i = 0;
  try {
    for (; i < ticks.length; i++) readTick(ticks[i], 'ticks[i]');
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    readTick(ticks[i], `ticks[${i}]`);
    throw err; // not reached: the same check fails again
  }
}

function serverMessage(v: unknown): ServerMessage {
  const o = obj(v, 'message');
  switch (o.op) {
    case 'ticks':
      readTicks(arr(o.ticks, 'ticks'));
      break;
    case 'heartbeat':
      time(o, 'ts', 'heartbeat');
      break;
    case 'snapshot':
      id(o, 'instrument', 'snapshot');
      int(o, 'seq', 'snapshot');
      readSnapshotState(o.state, 'snapshot.state');
      if (o.lostTail !== undefined && o.lostTail !== true)
        bad('snapshot.lostTail', 'true', o.lostTail);
      break;
    case 'status':
      if (o.id !== null) int(o, 'id', 'status');
      if (!bool(o, 'ok', 'status')) {
        const err = obj(o.error, 'status.error');
        str(err, 'code', 'status.error');
        str(err, 'message', 'status.error');
      }
      break;
    case 'hello': {
      if (o.protocol !== PROTOCOL_VERSION) bad('hello.protocol', `${PROTOCOL_VERSION}`, o.protocol);
      intIn(o, 'heartbeatMs', 'hello', MIN_HEARTBEAT_MS, MAX_HEARTBEAT_MS);
      const instruments = arr(o.instruments, 'hello.instruments');
      if (instruments.length > MAX_INSTRUMENTS)
        bad('hello.instruments', `at most ${MAX_INSTRUMENTS} instruments`, instruments);
      instruments.forEach((inst, i) => instrument(inst, `hello.instruments[${i}]`));
      optional(o, 'server', str, 'hello');
      if (o.replay !== undefined) replayInfo(o.replay, 'hello.replay');
      break;
    }
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
      if (action === 'seek') time(o, 'to', 'replay');
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
