/**
 * Counts the ticks in a `ticks` frame without parsing it, so a benchmark client costs little
 * per tick and measures the server, not its own `JSON.parse`. docs/PROTOCOL.md's frame shape:
 * `{"op":"ticks","ticks":[{"instrument":...},...]}`, every tick an object whose first key is
 * `instrument`. The byte sequence `{"instrument":` cannot occur inside a JSON string (a quote
 * in a string is escaped), so each occurrence opens exactly one tick.
 */
const TICKS_FRAME = Buffer.from('{"op":"ticks"');
const TICK_OPENING = Buffer.from('{"instrument":');

/** Ticks in `frame`, or 0 when it is not a `ticks` frame (hello, snapshot, heartbeat...). */
export function ticksInFrame(frame: Buffer): number {
  if (
    frame.length < TICKS_FRAME.length ||
    frame.compare(TICKS_FRAME, 0, TICKS_FRAME.length, 0, TICKS_FRAME.length) !== 0
  )
    return 0;
  let count = 0;
  for (
    let at = frame.indexOf(TICK_OPENING);
    at !== -1;
    at = frame.indexOf(TICK_OPENING, at + TICK_OPENING.length)
  )
    count++;
  return count;
}
