/**
 * A large Tickdeck `ticks` frame cut into frames of its own, so the engine can decode it a part
 * a turn (./frame-slices.ts): a frame's decode (its JSON.parse) was over half of its cost on
 * the worker, and the simulator sends up to 20,000 ticks (2.7 MB) a frame when it runs late.
 *
 * The cut is made only between two ticks, where the text reads `},{"instrument":"`: the ticks
 * of the protocol are flat objects that open with their instrument (protocol/feed-ticks.ts;
 * the simulator and the relay write them so), their nested values are arrays of numbers, and
 * inside a JSON string a quote is escaped, so that run cannot occur anywhere else. Each piece
 * is `{"op":"ticks","ticks":[` + some ticks + `]}`: decoded in order, the pieces give exactly
 * the ticks the whole frame gives. A frame of any other shape is not cut.
 */

/** Frames shorter than this are decoded whole; a piece is about this long (about 1,000 ticks). */
export const PIECE_BYTES = 128 * 1024;

const HEAD = '{"op":"ticks","ticks":[';
const TAIL = ']}';
const BETWEEN = '},{"instrument":"';

/** The pieces of `text`, in order, or null when it is short or not a plain `ticks` frame. */
export function ticksFramePieces(
  text: string,
  pieceBytes: number = PIECE_BYTES,
): readonly string[] | null {
  if (text.length < 2 * pieceBytes || !text.startsWith(HEAD) || !text.endsWith(TAIL)) return null;
  const end = text.length - TAIL.length;
  const pieces: string[] = [];
  let from = HEAD.length;
  while (end - from > pieceBytes * 1.5) {
    const at = text.indexOf(BETWEEN, from + pieceBytes);
    if (at < 0 || at >= end) break;
    pieces.push(HEAD + text.slice(from, at + 1) + TAIL);
    from = at + 2; // past `},`: the next piece opens with the next tick's `{`
  }
  if (pieces.length === 0) return null;
  pieces.push(HEAD + text.slice(from, end) + TAIL);
  return pieces;
}
