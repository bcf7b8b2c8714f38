/**
 * The history at a seek's target, read from the recording the replay plays (bug 233, bug 266):
 * a seek back further than the engine's rings reach (64 s of 1 s candles, 320 s of 5 s ones,
 * the tape's last trades) dropped the candle open at the cursor until playback reached the
 * next one, and every closed candle and trade before it. The recording is on disk: from a
 * minute before the target (and a little more) up to the target, its frames are folded into a
 * scratch {@link FeedState}, the engine's own fold, so each bar and trade is the one playback
 * from there would have built. The engine takes them where what it holds stops short of the
 * target (main/feed/bar-rebuild.ts): the bars open at the target, the closed bars of the read
 * (the 1-second chart's whole minute), the tape's last trades, the price series' points.
 */
import { BAR_INTERVALS_MS } from '../../protocol/batch';
import { decodeServerMessage } from '../../protocol/decode';
import { ReplayCursor, seek, type Recording } from '../../recording';
import { TAPE_COLUMNS } from '../feed/depth-state';
import { BAR_COLUMNS, BAR_T } from '../feed/market-bars';
import { SERIES_COLUMNS } from '../feed/series-bucket';
import type { ColumnarRing } from '../../shared/columnar-ring';
import type { SeekBars } from '../feed/bar-rebuild';
import { FeedState } from '../feed/feed-state';

/**
 * The span read before the target: the longest bar interval, so its bar open at the target is
 * whole, as are a minute of the shorter intervals' closed bars (the 1-second chart's window).
 */
const READ_BACK_MS = BAR_INTERVALS_MS[BAR_INTERVALS_MS.length - 1]!;
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
  // Bars and trades from `whole` on are whole: a trade before it may sit in a frame not read.
  const whole = position - READ_BACK_MS;
  const from = whole - LEAD_MS;
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
  const closed: Record<string, number[][][]> = {};
  const trades: Record<string, number[][]> = {};
  const points: Record<string, number[][]> = {};
  for (const [id, market] of state.markets) {
    bars[id] = market.bars.map(({ ring, intervalMs }) => {
      const last = ring.end - 1;
      if (ring.length === 0 || ring.at(last, BAR_T) !== position - (position % intervalMs))
        return null;
      return rowOf(ring, last, BAR_COLUMNS);
    });
    closed[id] = market.bars.map(({ ring, intervalMs }) =>
      rowsIn(ring, whole, position - (position % intervalMs), BAR_COLUMNS),
    );
    trades[id] = rowsIn(market.depth.tape, whole, position + 1, TAPE_COLUMNS);
    points[id] = rowsIn(market.series, whole, position + 1, SERIES_COLUMNS);
  }
  return { position, bars, closed, trades, points };
}

function rowOf(ring: ColumnarRing, i: number, columns: number): number[] {
  return Array.from({ length: columns }, (_, c) => ring.at(i, c));
}

/** The rows of `ring` whose time (column 0, rising) is in [from, to). */
function rowsIn(ring: ColumnarRing, from: number, to: number, columns: number): number[][] {
  const rows: number[][] = [];
  for (let i = ring.lowerBound(from), end = ring.lowerBound(to); i < end; i++)
    rows.push(rowOf(ring, i, columns));
  return rows;
}
