/**
 * A seek's read of the recording before and after bug 266, same run, alternated: A folds from 5 s
 * before the minute open at the target (the bars open there only, bug 233's read), B from 65 s
 * before the target and also keeps the closed bars and trades of that minute. Seven targets over
 * the recording, five rounds. Run: `node --import tsx bench/seek-read-ab.ts <recording dir>`
 * (50 s of the embedded simulator recorded in browser mode is the case measured in
 * docs/PERFORMANCE.md).
 */
import { BAR_INTERVALS_MS } from '../protocol/batch';
import { decodeServerMessage } from '../protocol/decode';
import { ReplayCursor, openRecording, seek, type Recording } from '../recording';
import { FeedState } from '../main/feed/feed-state';
import { seekBars } from '../main/host/replay-bars';

/** Bug 233's read: from 5 s before the minute open at `position` up to it, bars open there. */
async function minuteRead(recording: Recording, position: number): Promise<number> {
  const minute = BAR_INTERVALS_MS[BAR_INTERVALS_MS.length - 1]!;
  const origin = await seek(recording, position - (position % minute) - 5_000);
  const state = new FeedState();
  state.foldsAcrossGaps = true;
  state.setInstruments(recording.instruments);
  for (const snapshot of origin.fold.snapshots()) state.applySnapshot(snapshot);
  const cursor = new ReplayCursor(recording);
  cursor.moveTo(origin);
  for (;;) {
    const entry = await cursor.peek();
    if (entry === null || entry.t > position) break;
    cursor.advance();
    if (entry.kind !== 'message') continue;
    const decoded = decodeServerMessage(entry.raw);
    if (!decoded.ok) continue;
    const m = decoded.value;
    if (m.op === 'ticks') state.applyTicks(m.ticks, () => {});
    else if (m.op === 'snapshot') state.applySnapshot(m);
  }
  let bars = 0;
  for (const market of state.markets.values()) bars += market.bars.length;
  return bars;
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: seek-read-ab.ts <recording dir>');
const recording = await openRecording(dir);
const span = recording.end - recording.start;
const targets = Array.from(
  { length: 7 },
  (_, i) => recording.start + Math.round((span * (i + 1)) / 8),
);
const totals = { A: [] as number[], B: [] as number[] };
for (let round = 0; round < 5; round++) {
  for (const [name, read] of [
    ['A', (t: number) => minuteRead(recording, t)],
    ['B', (t: number) => seekBars(recording, t)],
  ] as const) {
    const started = performance.now();
    for (const t of targets) await read(t);
    totals[name].push((performance.now() - started) / targets.length);
  }
}
const fmt = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;
const ratios = totals.B.map((b, i) => b / totals.A[i]!);
console.log(`recording ${(span / 1000).toFixed(1)} s, ${recording.instruments.length} instruments`);
console.log(`A (minute read) per seek: ${fmt(totals.A)}`);
console.log(`B (65 s read, closed bars and trades) per seek: ${fmt(totals.B)}`);
console.log(`B/A per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`);
