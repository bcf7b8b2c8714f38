import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../protocol/health';
import type { ServerMessage } from '../../protocol/feed';
import { FeedClient } from './feed-client';
import { until } from '../../test-support/batch-view';
import { startChildSimulator } from '../../test-support/child-simulator';
import { MAX_RESUME_FRAME_BYTES } from '../../protocol/limits';
import { resumeFrames, tickdeckProtocol } from './tickdeck-protocol';

/** Far more instruments than one resume frame can carry under the 64 KiB request limit. */
const INSTRUMENTS = 20_000;

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * The simulator in a child process: in this process its 10 ms steps over 20,000 instruments
 * would sit between every frame the clients read, which is not what resume is tested for.
 */
async function childSimulator(): Promise<string> {
  const sim = await startChildSimulator([
    ...['--seed', '11', '--instruments', String(INSTRUMENTS), '--matches', '0', '--rate', '2000'],
    // A generous stall bound: on a loaded machine either side may pause for seconds.
    ...['--heartbeat-ms', '10000'],
  ]);
  closers.push(() => sim.close());
  return sim.url;
}

/**
 * The engine's feed client folding sequence numbers the way the engine does: a snapshot
 * sets an instrument's seq, a tick must continue it (`gaps` counts those that do not).
 */
function client(url: string, resume: ReadonlyMap<string, number>) {
  const seqs = new Map(resume);
  const seen = {
    snapshots: 0,
    ticks: 0,
    gaps: 0,
    failedStatuses: 0,
    states: [] as ConnectionState[],
  };
  const fold = (m: ServerMessage) => {
    if (m.op === 'snapshot') {
      seen.snapshots++;
      seqs.set(m.instrument, m.seq);
    } else if (m.op === 'status' && !m.ok) seen.failedStatuses++;
    else if (m.op === 'ticks')
      for (const t of m.ticks) {
        const last = seqs.get(t.instrument);
        if (last !== undefined && t.seq <= last) continue; // resumed history overlapping
        if (last === undefined || t.seq !== last + (t.conflated ?? 1)) seen.gaps++;
        seqs.set(t.instrument, t.seq);
        seen.ticks++;
      }
  };
  const feed = new FeedClient(
    tickdeckProtocol(url, { kind: 'url', label: url }),
    {
      state: (s) => seen.states.push(s),
      frame: () => {},
      messages: (ms) => ms.forEach(fold),
      lost: () => {},
      malformed: () => seen.gaps++,
      problem: () => {},
      connected: () => {},
      disconnected: () => {},
    },
    { resumePoints: () => resume },
  );
  closers.push(() => feed.close());
  feed.start();
  return { feed, seqs, seen };
}

describe('resume frames', () => {
  it('split a resume into frames within the bound, each listing its instruments, then ["*"]', () => {
    const resume = new Map(
      Array.from({ length: INSTRUMENTS }, (_, i) => [`ÉTÉ${i}`, 1_000_000 + i] as [string, number]),
    );
    const frames = resumeFrames(resume, 7);
    const parsed = frames.map((f) => JSON.parse(f));
    for (const f of frames)
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(MAX_RESUME_FRAME_BYTES);
    expect(parsed.at(-1)).toEqual({ op: 'subscribe', id: 7, instruments: ['*'] });
    const resumed = parsed.slice(0, -1);
    expect(resumed.length).toBeGreaterThan(10);
    for (const f of resumed) expect(f.instruments).toEqual(Object.keys(f.resume));
    expect(new Map(resumed.flatMap((f) => Object.entries(f.resume)))).toEqual(resume);
  });

  it('are one ["*"] subscribe when there is nothing to resume', () => {
    expect(resumeFrames(new Map(), 1)).toEqual(['{"op":"subscribe","id":1,"instruments":["*"]}']);
  });
});

describe('resume at scale', () => {
  it(`resumes ${INSTRUMENTS} instruments after a reconnect, continuing every sequence without a gap`, async () => {
    const url = await childSimulator();
    const first = client(url, new Map());
    await until(() => first.seen.snapshots === INSTRUMENTS && first.seen.ticks > 100, 120_000);
    first.feed.close(); // a drop: the client keeps what it folded
    const resume = new Map(first.seqs);
    expect(resume.size).toBe(INSTRUMENTS);

    // Before, this was one frame of every instrument's seq (about 330 KB): closed with 1009,
    // then again on every reconnect, forever.
    const again = client(url, resume);
    await until(() => again.seen.ticks > 2_000, 120_000);
    expect(again.seen.states.filter((s) => s.state === 'reconnecting')).toEqual([]);
    expect(again.seen.failedStatuses).toBe(0);
    expect(again.seen.gaps).toBe(0);
    // Every instrument was resumed: by the history after its seq, or by a snapshot.
    expect(again.seqs.size).toBe(INSTRUMENTS);
    for (const [id, seq] of resume) expect(again.seqs.get(id)).toBeGreaterThanOrEqual(seq);
  }, 300_000);
});
