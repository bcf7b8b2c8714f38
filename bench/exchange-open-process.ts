/**
 * One exchange recording opened for replay as the app opens it (a private `startReplayServer`
 * with the exchange adapters), measured as a user meets it: from the call to the first data
 * frame (`snapshot` or `ticks`) on a subscribed WebSocket client, then from a seek to a given
 * fraction of the recording to the first data frame after it. In a process of its own, so its
 * peak RSS is this recording's alone.
 *
 * Started by bench/replay.bench.ts as
 * `node --import tsx bench/exchange-open-process.ts <dir> <seek fraction> <seek timeout ms>`;
 * prints one JSON line of {@link ExchangeOpenStats} and exits.
 */
import { exchangeFrameTranslator } from '../main/feed/adapters/replay-translator';
import { startReplayServer } from '../recording';
import { TestClient, type Received } from '../test-support/capture-client';

/** What one run reports. */
export interface ExchangeOpenStats {
  /** From the call to the first data frame on the client, ms. */
  readonly openMs: number;
  /** From the seek request to the first data frame after it, ms; null if it timed out. */
  readonly seekMs: number | null;
  /** Where the seek went, as a fraction of the recording's time span. */
  readonly seekFraction: number;
  readonly segments: number;
  /** Resident set once the first frame arrived, and the process's peak over the run, bytes. */
  readonly rssAfterOpen: number;
  readonly peakRss: number;
}

/** Longest wait for the first frame after opening, ms. */
const OPEN_TIMEOUT_MS = 120_000;

const isData = (r: Received): boolean => r.msg.op === 'snapshot' || r.msg.op === 'ticks';

const [dir, fractionArg, timeoutArg] = process.argv.slice(2);
const seekFraction = Number(fractionArg);
const seekTimeoutMs = Number(timeoutArg);
if (!dir || !(seekFraction >= 0 && seekFraction <= 1) || !(seekTimeoutMs > 0))
  throw new Error('usage: exchange-open-process.ts <dir> <seek fraction 0..1> <seek timeout ms>');

const began = performance.now();
const server = await startReplayServer({ dir, translate: exchangeFrameTranslator, private: true });
const client = await TestClient.connect(server.url);
client.send({ op: 'subscribe', instruments: ['*'] });
const first = await client.waitFor(isData, OPEN_TIMEOUT_MS);
const openMs = first.at - began;
const rssAfterOpen = process.memoryUsage().rss;

const { recording } = server;
const to = Math.round(recording.start + seekFraction * (recording.end - recording.start));
const from = client.frames.length;
const asked = performance.now();
const id = client.send({ op: 'replay', action: 'seek', to });
let seekMs: number | null = null;
try {
  // The first data frame after the seek's own status reply.
  await client.waitFor((r) => r.msg.op === 'status' && r.msg.id === id, seekTimeoutMs, from);
  const after = client.frames.findIndex((r, i) => i >= from && r.msg.id === id);
  const left = seekTimeoutMs - (performance.now() - asked);
  const data = await client.waitFor(isData, Math.max(1, left), after + 1);
  seekMs = data.at - asked;
} catch {
  // Timed out: reported as null, with the bound in the bench's note.
}
const stats: ExchangeOpenStats = {
  openMs,
  seekMs,
  seekFraction,
  segments: recording.segments.length,
  rssAfterOpen,
  peakRss: process.resourceUsage().maxRSS * 1024,
};
process.stdout.write(`${JSON.stringify(stats)}\n`);
// A seek still translating toward its target stops at its next chunk once the server closes.
await client.close();
await server.close();
process.exit(0);
