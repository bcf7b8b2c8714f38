import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayInfo } from '../protocol/feed';
import { validateServerMessage } from '../protocol/decode';
import { TestClient } from '../test-support/capture-client';
import { writeSyntheticRecording, type TimedFrame } from '../test-support/recording-traffic';
import { openRecordingSet, type RecordingSet } from './recording-set';
import { SOURCES_FILE } from './recording-set-file';
import { startReplayServer } from './replay-server';
import { foldRaw, seek } from './seek';
import { StateFold } from './state-fold';
import { RecordingWriter } from './recording-writer';
import type { FrameTranslator } from './segment-translation';
import { marketSnapshot } from '../test-support/engine-fixtures';
import { formatDuration } from '../shared/duration';
import { killRecorder } from '../test-support/killed-recording';

const T0 = 1_764_000_000_000;
let root: string;
let dir: string;
let frames: Record<'alpha' | 'beta', TimedFrame[]>;
const open: { close(): Promise<void> }[] = [];

const setFile = (sources: unknown[], extra: object = {}) =>
  JSON.stringify({ tickdeck: 'recording-set', version: 1, start: T0, sources, ...extra });
const source = (name: string, to: number | null = null) => ({
  name,
  dir: name,
  label: `ws://${name}`,
  from: T0,
  to,
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tickdeck-set-'));
  dir = join(root, 'set');
  // Two sources on one clock: alpha 70 s of 10 ms steps, beta from 3 s later, 75 s of 25 ms
  // steps, so the merge spans two windows and interleaves unevenly.
  frames = {
    alpha: await writeSyntheticRecording(join(dir, 'alpha'), {
      messages: 7_000,
      start: T0,
      segmentMaxMs: 20_000,
    }),
    beta: await writeSyntheticRecording(join(dir, 'beta'), {
      messages: 3_000,
      start: T0 + 3_000,
      stepMs: 25,
      seed: 7,
      segmentMaxMs: 20_000,
    }),
  };
  writeFileSync(join(dir, SOURCES_FILE), setFile([source('alpha'), source('beta')]));
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function openSet(at = dir): Promise<RecordingSet> {
  const set = await openRecordingSet(at);
  open.push(set);
  return set;
}

/** Every snapshot and ticks frame of a source, with its instrument ids prefixed by `name`. */
function prefixedData(
  name: 'alpha' | 'beta',
  list: readonly TimedFrame[] = frames[name],
): { t: number; raw: string }[] {
  return list
    .filter((f) => /^\{"op":"(snapshot|ticks)"/.test(f.raw))
    .map((f) => {
      const m = JSON.parse(f.raw) as { op: string; instrument?: string; ticks?: object[] };
      const out =
        m.op === 'snapshot'
          ? { ...m, instrument: `${name}:${m.instrument}` }
          : {
              ...m,
              ticks: m.ticks!.map((t) => ({
                ...t,
                instrument: `${name}:${(t as { instrument: string }).instrument}`,
              })),
            };
      return { t: f.t, raw: JSON.stringify(out) };
    });
}

async function messages(set: RecordingSet): Promise<{ t: number; raw: string }[]> {
  const out: { t: number; raw: string }[] = [];
  for await (const e of set.entries()) if (e.kind === 'message') out.push({ t: e.t, raw: e.raw });
  return out;
}

describe('a recording set', () => {
  it("merges its sources' frames by receive time, each source's in order with its prefix", async () => {
    const set = await openSet();
    expect(set.sources).toEqual(['alpha', 'beta']);
    expect(set.start).toBe(T0);
    expect(set.end).toBe(Math.max(frames.alpha.at(-1)!.t, frames.beta.at(-1)!.t));
    const ids = set.instruments.map((i) => i.id);
    expect(ids).toHaveLength(2 * 9);
    expect(ids.slice(0, 9).every((id) => id.startsWith('alpha:'))).toBe(true);
    expect(ids.slice(9)).toEqual([
      'beta:M0',
      'beta:M1',
      'beta:M2',
      'beta:M3',
      'beta:M4',
      'beta:M5',
      'beta:M6',
      'beta:M7',
      'beta:F0',
    ]);
    const merged = await messages(set);
    for (let i = 1; i < merged.length; i++)
      expect(merged[i]!.t).toBeGreaterThanOrEqual(merged[i - 1]!.t);
    for (const name of ['alpha', 'beta'] as const)
      expect(merged.filter((m) => m.raw.includes(`"${name}:`))).toEqual(prefixedData(name));
    expect(merged).toHaveLength(prefixedData('alpha').length + prefixedData('beta').length);
  });

  it('seeks to the state playing from the start reaches, across windows and sources', async () => {
    const set = await openSet();
    const playTo = async (t: number) => {
      const fold = new StateFold();
      for (const m of await messages(set)) if (m.t <= t) foldRaw(fold, m.raw);
      return fold.snapshots();
    };
    expect(set.segments.length).toBe(2);
    const edge = set.segments[1]!.start;
    for (const t of [T0, T0 + 2_999, T0 + 3_000, T0 + 31_234, edge - 1, edge, edge + 1, set.end]) {
      const sought = await seek(set, t);
      expect(sought.fold.snapshots(), `state at ${t - T0} ms`).toEqual(await playTo(t));
    }
  });

  it('replays as one feed on one clock: both sources, prefixed, in time order, valid protocol', async () => {
    const server = await startReplayServer({ dir, speed: 0 });
    open.push(server);
    const c = await TestClient.connect(server.url);
    open.push(c);
    const hello = await c.waitFor((r) => r.msg.op === 'hello');
    expect((hello.msg.instruments as { id: string }[]).map((i) => i.id)).toContain('beta:M1');
    await c.request({ op: 'subscribe', instruments: ['*'] });
    await c.waitFor(
      (r) => r.msg.op === 'replay' && (r.msg.state as ReplayInfo).playing === false,
      20_000,
    );
    const data = c.frames.filter((r) => r.msg.op === 'snapshot' || r.msg.op === 'ticks');
    const expected = [...prefixedData('alpha'), ...prefixedData('beta')]
      .sort((a, b) => a.t - b.t)
      .map((m) => m.raw);
    expect(data.map((r) => r.raw).sort()).toEqual([...expected].sort());
    // In time order: the receive time of a ticks frame's first tick never goes back.
    const times = data.flatMap((r) =>
      r.msg.op === 'ticks' ? [(r.msg.ticks as { ts: number }[])[0]!.ts] : [],
    );
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    for (const r of c.frames) expect(validateServerMessage(r.msg).ok).toBe(true);
  });

  it('leaves each sub-folder an ordinary recording that replays alone, unprefixed', async () => {
    const server = await startReplayServer({ dir: join(dir, 'beta'), speed: 0 });
    open.push(server);
    const c = await TestClient.connect(server.url);
    open.push(c);
    const hello = await c.waitFor((r) => r.msg.op === 'hello');
    const ids = (hello.msg.instruments as { id: string }[]).map((i) => i.id);
    expect(ids).toEqual(['M0', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'F0']);
  });
});

describe('a source recorded in two periods (removed, then added again)', () => {
  /** Alpha for 20 s, removed, back 20 s later for 20 s more; beta all along. */
  async function twoPeriods() {
    const at = mkdtempSync(join(root, 'periods-'));
    const first = await writeSyntheticRecording(join(at, 'alpha'), {
      messages: 2_000,
      start: T0,
    });
    const second = await writeSyntheticRecording(join(at, 'alpha.2'), {
      messages: 2_000,
      start: T0 + 40_000,
      seed: 3,
    });
    cpSync(join(dir, 'beta'), join(at, 'beta'), { recursive: true });
    const to = first.at(-1)!.t;
    const from = second[0]!.t;
    writeFileSync(
      join(at, SOURCES_FILE),
      setFile(
        [
          source('alpha', to),
          source('beta'),
          { ...source('alpha', second.at(-1)!.t), dir: 'alpha.2', from },
        ],
        { version: 2 },
      ),
    );
    return { set: await openSet(at), first, second, to, from };
  }

  it('plays both periods under the same ids on the one clock, and nothing of it between', async () => {
    const { set, first, second, to, from } = await twoPeriods();
    expect(set.sources).toEqual(['alpha', 'beta']);
    const ids = set.instruments.map((i) => i.id);
    expect(ids).toHaveLength(2 * 9);
    expect(new Set(ids).size).toBe(ids.length);
    const merged = await messages(set);
    const alpha = merged.filter((m) => m.raw.includes('"alpha:'));
    expect(alpha).toEqual([...prefixedData('alpha', first), ...prefixedData('alpha', second)]);
    expect(alpha.filter((m) => m.t > to && m.t < from)).toEqual([]);
    // Beta goes on meanwhile, a frame every 25 ms: one clock, a gap in alpha only.
    const betaBetween = merged.filter((m) => m.raw.includes('"beta:') && m.t > to && m.t < from);
    expect(betaBetween.length).toBeGreaterThan(700);
  });

  it('seeks into the gap and into the second period to the state playing there reaches', async () => {
    const { set, to, from } = await twoPeriods();
    const all = await messages(set);
    const playTo = (t: number) => {
      const fold = new StateFold();
      for (const m of all) if (m.t <= t) foldRaw(fold, m.raw);
      return fold.snapshots();
    };
    for (const t of [to, to + 1, from - 1, from, from + 12_345, set.segments[1]!.start + 1]) {
      const sought = await seek(set, t);
      expect(sought.fold.snapshots(), `state at ${t - T0} ms`).toEqual(playTo(t));
    }
  });
});

describe('a hostile or damaged sources.json', () => {
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"tickdeck":', /sources\.json: not valid JSON/],
    ['a foreign file', '{"a":1}', /sources\.json: not a Tickdeck recording set/],
    [
      'another version',
      setFile([source('alpha')], { version: 3 }),
      /version 3; this Tickdeck reads versions 1 and 2/,
    ],
    ['no sources', setFile([]), /sources: expected 1 to 32 streams/],
    [
      'a dir that climbs out',
      setFile([{ ...source('alpha'), dir: '..' }]),
      /sources\[0\]\.dir: expected a sub-folder name inside the recording, got "\.\."/,
    ],
    [
      'a dir with a path',
      setFile([{ ...source('alpha'), dir: '../set/alpha' }]),
      /sources\[0\]\.dir: expected a sub-folder name/,
    ],
    ['an absolute dir', setFile([{ ...source('alpha'), dir: '/etc' }]), /sources\[0\]\.dir/],
    [
      'a name twice in version 1',
      setFile([source('alpha', T0 + 1), { ...source('alpha'), dir: 'beta', from: T0 + 2 }]),
      /sources\[1\]\.name: "alpha" is listed twice \(version 1 lists each source once\)/,
    ],
    [
      'a source again while its earlier stream has no end',
      setFile([source('alpha'), { ...source('alpha'), dir: 'beta' }], { version: 2 }),
      /sources\[1\]\.name: "alpha" is listed again, but its stream at sources\[0\] has no end/,
    ],
    [
      'a source again before its earlier stream ended',
      setFile([source('alpha', T0 + 5), { ...source('alpha'), dir: 'beta', from: T0 + 4 }], {
        version: 2,
      }),
      /sources\[1\]\.from: "alpha" starts again before its stream at sources\[0\] ended/,
    ],
    [
      'a source again in the same sub-folder',
      setFile([source('alpha', T0 + 5), { ...source('alpha'), from: T0 + 6 }], { version: 2 }),
      /sources\[1\]\.dir: "alpha" is listed twice/,
    ],
    [
      'a bad name',
      setFile([{ ...source('alpha'), name: 'A:B' }]),
      /sources\[0\]\.name: "A:B" is not a valid source name/,
    ],
    [
      'a missing sub-folder',
      setFile([source('alpha'), source('gamma')]),
      /set-\w+\/gamma: no such folder/,
    ],
    [
      'a time out of range',
      setFile([{ ...source('alpha'), from: -1 }]),
      /sources\[0\]\.from: expected epoch ms/,
    ],
  ];

  it.each(cases)('refuses %s, naming the problem', async (_what, text, message) => {
    const copy = mkdtempSync(join(root, 'set-'));
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, SOURCES_FILE), text);
    await expect(openRecordingSet(copy)).rejects.toThrow(message);
    // The replay server refuses it the same way, and nothing else breaks.
    await expect(startReplayServer({ dir: copy })).rejects.toThrow(message);
  });

  it('refuses a file too large to be one, without reading it whole', async () => {
    const copy = mkdtempSync(join(root, 'set-'));
    cpSync(dir, copy, { recursive: true });
    writeFileSync(join(copy, SOURCES_FILE), ' '.repeat(200_000));
    await expect(openRecordingSet(copy)).rejects.toThrow(/sources\.json: larger than 196608 bytes/);
  });
});

describe('a recording set with a stream killed as it opened', () => {
  /** The set plus `beta` added again in `beta.2`, whose first segment is still empty. */
  function withEmptyStream(): string {
    const copy = mkdtempSync(join(root, 'set-'));
    cpSync(dir, copy, { recursive: true });
    mkdirSync(join(copy, 'beta.2'));
    // A recorder killed before its first flush (250 ms) leaves the segment it opened empty.
    writeFileSync(join(copy, 'beta.2', 'segment-000000.ndjson.gz'), '');
    const again = { ...source('beta'), dir: 'beta.2', from: T0 + 79_000 };
    writeFileSync(
      join(copy, SOURCES_FILE),
      setFile([source('alpha'), source('beta', T0 + 78_000), again], { version: 2 }),
    );
    return copy;
  }

  it('plays the streams that are whole, with a warning naming the empty one', async () => {
    const all = await messages(await openSet());
    const set = await openSet(withEmptyStream());
    expect(set.sources).toEqual(['alpha', 'beta']);
    expect(await messages(set)).toEqual(all);
    expect(set.warnings.join('\n')).toMatch(
      /^Source beta \(ws:\/\/beta\), stream beta\.2, cannot be read \(.*beta\.2[\\/]segment-000000\.ndjson\.gz: not a gzip file.*\): the recording plays without it$/m,
    );
  });

  it('plays the others when a stream holds only its header: a source down all along (bug 195)', async () => {
    // Recording a source that never connected leaves its stream a header, killed or stopped:
    // the whole set was refused ("…/gamma: the recording holds no data"), the others' data too.
    const all = await messages(await openSet());
    const copy = mkdtempSync(join(root, 'set-'));
    cpSync(dir, copy, { recursive: true });
    mkdirSync(join(copy, 'gamma'));
    const header = { k: 'header', format: 'tickdeck-recording', version: 1, segment: 0 };
    const line = JSON.stringify({
      ...header,
      source: 'ws://127.0.0.1:1',
      start: T0,
      instruments: [],
    });
    writeFileSync(join(copy, 'gamma', 'segment-000000.ndjson.gz'), gzipSync(`${line}\n`));
    writeFileSync(
      join(copy, SOURCES_FILE),
      setFile(['alpha', 'beta', 'gamma'].map((n) => source(n))),
    );
    const set = await openSet(copy);
    expect(set.sources).toEqual(['alpha', 'beta']);
    expect(await messages(set)).toEqual(all);
    // bug 231: by its source as recorded and why, not "…/gamma: the recording holds no data".
    expect(set.warnings).toContain(
      'Source gamma (ws://gamma) delivered nothing while it was recorded: the recording plays without it',
    );
  });

  it('is refused, naming the segment, when no stream is readable', async () => {
    const copy = withEmptyStream();
    for (const name of ['alpha', 'beta'])
      writeFileSync(join(copy, name, 'segment-000000.ndjson.gz'), 'not gzip');
    await expect(openRecordingSet(copy)).rejects.toThrow(
      /alpha[\\/]segment-000000\.ndjson\.gz: not a gzip file/,
    );
  });
});

describe('a recording set with an exchange source', () => {
  /** `{"px":n}` frames of one pair: the first becomes a snapshot of `A`, the rest trades. */
  const toyTranslator = (): FrameTranslator => {
    let seq = 0;
    return {
      translate(raw, t) {
        const px = (JSON.parse(raw) as { px: number }).px;
        seq++;
        if (seq === 1)
          return [{ op: 'snapshot', instrument: 'A', seq, state: marketSnapshot(px, t) }];
        return [
          {
            op: 'ticks',
            ticks: [
              { instrument: 'A', seq, ts: t, kind: 'trade', price: px, size: 1, side: 'buy' },
            ],
          },
        ];
      },
      reconnected() {},
      instruments: () => [{ id: 'A', kind: 'market', name: 'A', tickSize: 0.01 }],
    };
  };

  async function exchangeSet(): Promise<string> {
    const at = mkdtempSync(join(root, 'exchange-'));
    cpSync(join(dir, 'alpha'), join(at, 'alpha'), { recursive: true });
    const writer = await RecordingWriter.create({
      dir: join(at, 'kraken'),
      source: 'kraken:A',
      feed: 'kraken:A',
      now: () => T0 + 1_000,
    });
    for (let n = 0; n < 500; n++) writer.write(`{"px":${100 + n}}`, T0 + 1_000 + n * 20);
    await writer.close();
    writeFileSync(join(at, SOURCES_FILE), setFile([source('alpha'), source('kraken')]));
    return at;
  }

  it("runs the exchange's messages through its adapter, then merges them prefixed", async () => {
    const at = await exchangeSet();
    const set = await openRecordingSet(at, { translate: () => toyTranslator() });
    open.push(set);
    expect(set.instruments.map((i) => i.id)).toContain('kraken:A');
    const merged = await messages(set);
    const kraken = merged.filter((m) => m.raw.includes('"kraken:A"'));
    expect(kraken).toHaveLength(500);
    expect(JSON.parse(kraken[0]!.raw)).toMatchObject({ op: 'snapshot', instrument: 'kraken:A' });
    expect(JSON.parse(kraken[499]!.raw)).toMatchObject({
      op: 'ticks',
      ticks: [{ instrument: 'kraken:A', price: 599 }],
    });
    for (let i = 1; i < merged.length; i++)
      expect(merged[i]!.t).toBeGreaterThanOrEqual(merged[i - 1]!.t);
    const sought = await seek(set, T0 + 1_000 + 250 * 20);
    expect(sought.fold.snapshots().find((s) => s.instrument === 'kraken:A')?.state).toMatchObject({
      last: 350,
    });
  });

  it('is refused without the adapters, saying where to replay it', async () => {
    const at = await exchangeSet();
    await expect(startReplayServer({ dir: at })).rejects.toThrow(
      /kraken: a recording of the kraken:A feed holds the exchange's own messages; replay it in the Tickdeck app/,
    );
  });
});

describe('a recording set cut by kill -9 (bug 193)', () => {
  /** The set with every stream's last segment cut as a killed recorder leaves it. */
  function killed(): { copy: string; lastFiles: Record<'alpha' | 'beta', string> } {
    const copy = mkdtempSync(join(root, 'set-'));
    cpSync(dir, copy, { recursive: true });
    const lastFiles = {
      alpha: killRecorder(join(copy, 'alpha')),
      beta: killRecorder(join(copy, 'beta')),
    };
    return { copy, lastFiles };
  }

  it('says it once for the set, naming it and how much of it replays', async () => {
    const { copy, lastFiles } = killed();
    const set = await openSet(copy);
    expect(set.warnings).toEqual([
      `Recording ${basename(copy)} was cut short: its recorder stopped abruptly, so it replays ` +
        `its first ${formatDuration(set.end - set.start)}, up to its last save (it stops in ` +
        `alpha/${lastFiles.alpha}, beta/${lastFiles.beta}).`,
    ]);
  });
});
