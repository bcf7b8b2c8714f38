/**
 * The bars open at a seek's target, read from the recording the replay plays (bug 233): a
 * seek back further than the engine's rings reach (64 s of 1 s candles, 320 s of 5 s ones, the
 * tape's last trades) dropped the candle open at the cursor until playback reached the next
 * one, and in a recording's first minute the pane then said "No trades yet". The recording
 * is on disk: from a little before the longest interval's bar open at the target up to the
 * target, its frames are folded into a scratch {@link FeedState}, the engine's own fold, so
 * each bar is the one playback from there would have built. The engine takes them where what
 * it holds cannot rebuild the bar (main/feed/bar-rebuild.ts).
 */
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import { decodeServerMessage } from '../../protocol/decode';
import { ReplayCursor, seek, type Recording } from '../../recording';
import { BAR_COLUMNS, BAR_T } from '../feed/market-bars';
import type { SeekBars } from '../feed/bar-rebuild';
import { FeedState } from '../feed/feed-state';

/** The longest bar interval: the span read before the target. */
const LONGEST_BAR_MS = BAR_INTERVALS_MS[BAR_INTERVALS_MS.length - 1]!;
/**
 * Read from this long before the bar's start: a trade is filed by its own time (the source's
 * clock), its frame by when it was received (the recorder's), and the two clocks differ, so a
 * trade of the bar may sit in a frame recorded before the bar's start.
 */
const LEAD_MS = 5_000;
/**
 * Most recorded frames folded for one seek: 65 s of even a busy feed. A recording denser than
 * that is not read past it, and its bars are left to what the engine holds.
 */
export const MAX_SEEK_FRAMES = 200_000;

/** The bars open at `to` (clamped to the recording), or null when the recording is too dense. */
export async function seekBars(recording: Recording, to: number): Promise<SeekBars | null> {
  const position = Math.min(Math.max(to, recording.start), recording.end);
  const from = position - (position % LONGEST_BAR_MS) - LEAD_MS;
  const origin = await seek(recording, from);
  const state = new FeedState();
  state.foldsAcrossGaps = true;
  state.setInstruments(recording.instruments);
  for (const snapshot of origin.fold.snapshots()) state.applySnapshot(snapshot);
  const cursor = new ReplayCursor(recording);
  cursor.moveTo(origin);
  const ignoreGap = () => {};
  for (let frames = 0; ; frames++) {
    const entry = await cursor.peek();
    if (entry === null || entry.t > position) break;
    if (frames === MAX_SEEK_FRAMES) return null;
    cursor.advance();
    if (entry.kind !== 'message') continue;
    const decoded = decodeServerMessage(entry.raw);
    if (!decoded.ok) continue;
    const message = decoded.value;
    if (message.op === 'ticks') state.applyTicks(message.ticks, ignoreGap);
    else if (message.op === 'snapshot') state.applySnapshot(message);
    else if (message.op === 'hello') state.setInstruments(message.instruments);
  }
  const bars: Record<string, (number[] | null)[]> = {};
  for (const [id, market] of state.markets)
    bars[id] = market.bars.map(({ ring, intervalMs }) => {
      const last = ring.end - 1;
      if (ring.length === 0 || ring.at(last, BAR_T) !== position - (position % intervalMs))
        return null;
      return Array.from({ length: BAR_COLUMNS }, (_, c) => ring.at(last, c));
    });
  return { position, bars };
}
