/**
 * What a frame received becomes in a recording: a message line (the text exactly as received,
 * or re-serialized onto one line when it spans several), or a gap marker with the reason it is
 * not recorded as data (over MAX_RECORDED_FRAME_BYTES, or not a JSON object).
 */
import { MAX_RECORDED_FRAME_BYTES } from './format';

export type ReceivedFrame =
  | { readonly kind: 'message'; readonly parsed: object; readonly text: string }
  | { readonly kind: 'gap'; readonly detail: string };

/** Reads the frame `raw` (its text as received). */
export function readReceivedFrame(raw: string): ReceivedFrame {
  // Byte length is only computed when the text could be over the limit (UTF-8: <= 3 per char).
  if (
    raw.length > MAX_RECORDED_FRAME_BYTES / 3 &&
    Buffer.byteLength(raw) > MAX_RECORDED_FRAME_BYTES
  )
    return {
      kind: 'gap',
      detail: `frame of ${Buffer.byteLength(raw)} bytes not recorded (limit ${MAX_RECORDED_FRAME_BYTES})`,
    };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  // Not a protocol message: kept (for bug reports) as a marker, never replayed as data.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { kind: 'gap', detail: `unreadable frame: ${raw.slice(0, 200)}` };
  // NDJSON needs one line per message; a pretty-printed frame is re-serialized.
  return { kind: 'message', parsed, text: /[\n\r]/.test(raw) ? JSON.stringify(parsed) : raw };
}
