/**
 * One exchange recording opened for replay as the app opens it (`startReplayServer` with the
 * exchange adapters), then read to its end through the replay's own segment reads, in a
 * process of its own so its peak memory is this recording's alone.
 *
 * Started by bench/replay.bench.ts as
 * `node --expose-gc --import tsx bench/exchange-replay-process.ts <dir>`;
 * prints one JSON line of {@link ExchangeReplayStats} and exits.
 */
import { exchangeFrameTranslator } from '../main/feed/adapters/replay-translator';
import { startReplayServer } from '../recording';

/** What one run reports. */
export interface ExchangeReplayStats {
  /** From the call to a listening server, ms. */
  readonly openMs: number;
  /** Reading every translated segment after that, ms. */
  readonly playMs: number;
  readonly messages: number;
  /**
   * Messages per second read in the second half of the segments over the first half's; null
   * when the recording has one segment (no first half).
   */
  readonly laterRateRatio: number | null;
  /** Resident set after the open, and the process's peak over the whole run, bytes. */
  readonly rssAfterOpen: number;
  readonly peakRss: number;
  /** Live heap and buffers after a full collection, after the open and after the last segment, bytes. */
  readonly liveAfterOpen: number;
  readonly liveAtEnd: number;
}

/** What is live after a full collection (peak RSS also counts garbage not yet collected). */
function liveBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: exchange-replay-process.ts <recording dir>');
const began = performance.now();
const server = await startReplayServer({
  dir,
  translate: exchangeFrameTranslator,
  private: true,
});
const openMs = performance.now() - began;
const rssAfterOpen = process.memoryUsage().rss;
const liveAfterOpen = liveBytes();
const { recording } = server;
const half = Math.ceil(recording.segments.length / 2);
const halves = [
  { messages: 0, ms: 0 },
  { messages: 0, ms: 0 },
];
for (let i = 0; i < recording.segments.length; i++) {
  const from = performance.now();
  const segment = await recording.segment(i);
  const { entries } = segment;
  const part = halves[i < half ? 0 : 1]!;
  // A segment under translation grows as it is translated: read it to its end.
  for (let n = 0; n < entries.length || (await segment.entryReady?.(n)); n++)
    if (entries[n]!.kind === 'message') part.messages++;
  part.ms += performance.now() - from;
}
const playMs = performance.now() - began - openMs;
const liveAtEnd = liveBytes();
const [first, later] = halves.map((h) => h.messages / h.ms) as [number, number];
await server.close();
const stats: ExchangeReplayStats = {
  openMs,
  playMs,
  messages: halves[0]!.messages + halves[1]!.messages,
  laterRateRatio: Number.isFinite(later / first) ? later / first : null,
  rssAfterOpen,
  peakRss: process.resourceUsage().maxRSS * 1024,
  liveAfterOpen,
  liveAtEnd,
};
process.stdout.write(`${JSON.stringify(stats)}\n`);
