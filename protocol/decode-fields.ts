/**
 * Field readers for the protocol decoder: each checks one field of untrusted JSON and returns it
 * typed, or throws {@link Invalid} naming the field's path and what was wrong.
 */
import type { ErrorCode } from './feed';
import { MAX_ID_CHARS, MAX_TIME_MS } from './limits';

/** Why a frame was rejected: `path` names the offending field (e.g. `ticks[3].bid`). */
export interface DecodeError {
  readonly code: Extract<ErrorCode, 'BAD_JSON' | 'BAD_REQUEST' | 'UNKNOWN_OP'>;
  readonly path: string;
  readonly message: string;
}

/** Thrown by the readers below; the decoder turns it into a {@link DecodeError}. */
export class Invalid extends Error {
  constructor(
    readonly code: DecodeError['code'],
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** A JSON object whose fields are still unchecked. */
export type Obj = Record<string, unknown>;

/** How a rejected value is named in an error: its type, and a short look at strings and numbers. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  if (typeof value === 'number') return `the number ${value}`;
  return `a ${typeof value}`;
}

/** Rejects the field at `path`: it should have been `expected`. */
export function bad(path: string, expected: string, got: unknown): never {
  throw new Invalid('BAD_REQUEST', path, `expected ${expected}, got ${describe(got)}`);
}

/** `v` as an object (not null, not an array). */
export function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'an object', v);
  return v as Obj;
}

/** Field `key` as a finite number. */
export function num(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) bad(`${path}.${key}`, 'a finite number', v);
  return v;
}

// The checks themselves, once: the readers below name the failure, and the tick reader's
// named reads (decode-tick.ts) use them directly on its hot path.
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** A finite number >= 0. */
export const isPos = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v !== Infinity;
/** A safe integer >= 0. */
export const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
/** A time within ±{@link MAX_TIME_MS} ms. */
export const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Math.abs(v) <= MAX_TIME_MS;
/** An instrument id: a non-empty string of at most {@link MAX_ID_CHARS}. */
export const isId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_CHARS;

/** Field `key` as a finite number >= 0. */
export function pos(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (!isPos(v)) bad(`${path}.${key}`, isFiniteNumber(v) ? 'a number >= 0' : 'a finite number', v);
  return v;
}

/** Field `key` as a safe integer >= 0. */
export function int(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (!isCount(v)) bad(`${path}.${key}`, 'an integer >= 0', v);
  return v;
}

/** Field `key` as a safe integer from `min` to `max`. */
export function intIn(o: Obj, key: string, path: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    bad(`${path}.${key}`, `an integer from ${min} to ${max}`, v);
  return v;
}

/** Field `key` as a time in epoch ms (or a duration) within the range of a Date. */
export function time(o: Obj, key: string, path: string): number {
  const v = o[key];
  if (!isTime(v))
    bad(
      `${path}.${key}`,
      isFiniteNumber(v) ? `a time within ±${MAX_TIME_MS} ms` : 'a finite number',
      v,
    );
  return v;
}

/** Field `key` as an instrument id: a non-empty string of at most {@link MAX_ID_CHARS}. */
export function id(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (!isId(v))
    bad(
      `${path}.${key}`,
      typeof v === 'string' && v.length > 0
        ? `an id of at most ${MAX_ID_CHARS} characters`
        : 'a non-empty string',
      v,
    );
  return v;
}

/** Field `key` as a non-empty string. */
export function str(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) bad(`${path}.${key}`, 'a non-empty string', v);
  return v;
}

/** Field `key` as a boolean. */
export function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') bad(`${path}.${key}`, 'true or false', v);
  return v;
}

/** Field `key` as one of the `allowed` strings. */
export function oneOf<T extends string>(
  o: Obj,
  key: string,
  allowed: readonly T[],
  path: string,
): T {
  const v = o[key];
  if (!allowed.includes(v as T)) bad(`${path}.${key}`, `one of ${allowed.join(', ')}`, v);
  return v as T;
}

/** Field `key` read with `read` when present; undefined when absent. */
export function optional<T>(
  o: Obj,
  key: string,
  read: (o: Obj, key: string, path: string) => T,
  path: string,
): T | undefined {
  return o[key] === undefined ? undefined : read(o, key, path);
}

/** `v` as an array. */
export function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) bad(path, 'an array', v);
  return v;
}
