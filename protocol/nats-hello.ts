/**
 * A NATS source's `hello` in parts (NATS mapping only, docs/PROTOCOL.md "NATS mapping"). The
 * hello of a source of many instruments is larger than a NATS message may be (the server's
 * `max_payload`, 1 MB by default; 20,000 instruments make about 1.5 MB), so the relay cuts its
 * JSON text into parts that each fit, and a desk puts them back together before its engine
 * sees one hello.
 *
 * A part is a one-line manifest, a newline, then a slice of the hello's UTF-8 text:
 *
 * `{"op":"hello-part","generation":7,"part":0,"parts":2,"bytes":1403211}\n{"op":"hello",...`
 *
 * The same bytes go on the `hello` subject and into the state bucket ({@link helloPartKey}).
 * Every hello the relay publishes has a higher generation than the last, so the parts of an
 * older hello never mix with a newer one's: a desk puts together each generation's parts on
 * their own and takes the newest that is complete (./nats-hello-assembly.ts).
 */

/**
 * Largest hello, bytes: the largest frame the engine's feed client takes
 * (`MAX_FEED_FRAME_BYTES`, main/feed/feed-socket.ts), as a desk hands the hello on whole.
 */
export const MAX_HELLO_BYTES = 16 * 1024 * 1024;
/** Largest part, bytes: a desk refuses a bigger NATS message (main/feed/nats/engine-socket.ts). */
export const MAX_HELLO_PART_BYTES = 1024 * 1024;
/** Most parts one hello is cut into: 16 MiB in parts of 16 KiB. */
export const MAX_HELLO_PARTS = 1_024;
/** Room kept in each part for its manifest line, bytes (the longest is 92). */
export const MANIFEST_ROOM_BYTES = 128;

/** Key of part `n` in the state bucket: `hello` (the first, read first), then `hello.<n>`. */
export function helloPartKey(n: number): string {
  return n === 0 ? 'hello' : `hello.${n}`;
}

/** What each part says about its hello. */
export interface HelloManifest {
  /** Which hello: higher is newer. */
  readonly generation: number;
  /** This part's index, from 0. */
  readonly part: number;
  /** How many parts the hello has. */
  readonly parts: number;
  /** The whole hello's size, bytes of UTF-8. */
  readonly bytes: number;
}

/** The parts of a hello, or why it cannot be cut to fit. */
export type HelloParts =
  | { readonly ok: true; readonly parts: readonly Uint8Array[] }
  | { readonly ok: false; readonly error: string };

/**
 * Cuts `hello` (its JSON text) into parts of at most `maxPayloadBytes` (the server's
 * `max_payload`), each slice ending on a whole UTF-8 character so every part reads as text.
 */
export function helloParts(hello: string, generation: number, maxPayloadBytes: number): HelloParts {
  const text = new TextEncoder().encode(hello);
  if (text.length > MAX_HELLO_BYTES)
    return {
      ok: false,
      error: `the hello is ${text.length} bytes, more than a desk takes (${MAX_HELLO_BYTES})`,
    };
  const room = Math.min(maxPayloadBytes, MAX_HELLO_PART_BYTES) - MANIFEST_ROOM_BYTES;
  // A slice of at least 4 bytes always holds a whole character.
  if (room < 4)
    return {
      ok: false,
      error: `max_payload of ${maxPayloadBytes} bytes leaves no room for a part`,
    };
  const slices: Uint8Array[] = [];
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + room, text.length);
    while (end < text.length && (text[end]! & 0xc0) === 0x80) end--; // a continuation byte
    slices.push(text.subarray(start, end));
    start = end;
  }
  if (slices.length > MAX_HELLO_PARTS)
    return {
      ok: false,
      error: `the hello (${text.length} bytes) needs ${slices.length} parts under max_payload ${maxPayloadBytes}, more than ${MAX_HELLO_PARTS}`,
    };
  const encoder = new TextEncoder();
  const parts = slices.map((slice, part) => {
    const manifest = {
      op: 'hello-part',
      generation,
      part,
      parts: slices.length,
      bytes: text.length,
    };
    const head = encoder.encode(`${JSON.stringify(manifest)}\n`);
    const out = new Uint8Array(head.length + slice.length);
    out.set(head);
    out.set(slice, head.length);
    return out;
  });
  return { ok: true, parts };
}

/** A part read back: its manifest and its slice of the hello, or what is wrong with it. */
export type DecodedHelloPart =
  | { readonly ok: true; readonly manifest: HelloManifest; readonly slice: Uint8Array }
  | { readonly ok: false; readonly error: string };

const NEWLINE = 0x0a;

/** Null when `value` is a whole number from `min` to `max`; otherwise the field's complaint. */
function outOfRange(field: string, value: unknown, min: number, max: number): string | null {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
    ? null
    : `${field}: ${JSON.stringify(value)?.slice(0, 40)} is not a whole number from ${min} to ${max}`;
}

/** Parses a part from a peer: untrusted, every number bounded; an error names the field. */
export function decodeHelloPart(data: Uint8Array): DecodedHelloPart {
  const end = data.subarray(0, MANIFEST_ROOM_BYTES).indexOf(NEWLINE);
  if (end < 0)
    return { ok: false, error: `manifest: no line of at most ${MANIFEST_ROOM_BYTES} bytes` };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(data.subarray(0, end)));
  } catch {
    return { ok: false, error: 'manifest: not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'manifest: not a JSON object' };
  const m = value as Record<string, unknown>;
  if (m.op !== 'hello-part') return { ok: false, error: 'op: not "hello-part"' };
  const error =
    outOfRange('generation', m.generation, 1, Number.MAX_SAFE_INTEGER) ??
    outOfRange('parts', m.parts, 1, MAX_HELLO_PARTS) ??
    outOfRange('part', m.part, 0, (m.parts as number) - 1) ??
    outOfRange('bytes', m.bytes, 1, MAX_HELLO_BYTES);
  if (error !== null) return { ok: false, error };
  const slice = data.subarray(end + 1);
  const manifest = m as unknown as HelloManifest;
  if (slice.length === 0 || slice.length > manifest.bytes)
    return {
      ok: false,
      error: `bytes: a part of ${slice.length} bytes in a hello of ${manifest.bytes}`,
    };
  return { ok: true, manifest, slice };
}
