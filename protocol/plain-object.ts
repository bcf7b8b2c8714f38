import type { Obj } from './decode-fields';

/** True for an object that is neither null nor an array: what every reader of JSON checks first. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A peer's JSON message as read, or what is wrong with it (shown to the user). */
export type PeerMessage =
  { readonly ok: true; readonly value: Obj } | { readonly ok: false; readonly error: string };

/**
 * Reads a small JSON message from an untrusted peer (the relay's NATS messages): at most
 * `maxChars`, an object, its `op` the one expected; its other fields are the caller's to check.
 */
export function peerMessage(text: string, maxChars: number, op: string): PeerMessage {
  if (text.length > maxChars)
    return { ok: false, error: `${text.length} characters, more than ${maxChars}` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  if (!isObj(value)) return { ok: false, error: 'not a JSON object' };
  if (value.op !== op) return { ok: false, error: `op is not "${op}"` };
  return { ok: true, value };
}
