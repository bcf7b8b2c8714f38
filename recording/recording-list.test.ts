import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRecordings } from './recording-list';
import { RecordingWriter } from './recording-writer';
import { syntheticFrames } from '../test-support/recording-traffic';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-list-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const T0 = 1_764_000_000_000;

/** Writes a real recording of `messages` frames into `dir`, then dates the folder `at`. */
async function record(dir: string, messages: number, at: Date): Promise<void> {
  const writer = await RecordingWriter.create({ dir, source: 'test', now: () => T0 });
  for (const f of syntheticFrames({ messages, start: T0, stepMs: 10, instruments: 2 })) {
    writer.write(f.raw, f.t);
  }
  await writer.close();
  utimesSync(dir, at, at);
}

describe('listRecordings', () => {
  it('lists recording folders newest first, with their size on disk, up to the limit', async () => {
    const root = tempDir();
    await record(join(root, 'older'), 50, new Date('2026-11-01T10:00:00Z'));
    await record(join(root, 'newer'), 400, new Date('2026-11-02T10:00:00Z'));
    await record(join(root, 'oldest'), 10, new Date('2026-10-01T10:00:00Z'));

    const all = await listRecordings(root, 20);
    expect(all.map((r) => r.name)).toEqual(['newer', 'older', 'oldest']);
    expect(all[0]!.dir).toBe(join(root, 'newer'));
    const segment = await stat(join(root, 'newer', 'segment-000000.ndjson.gz'));
    expect(all[0]!.bytes).toBeGreaterThanOrEqual(segment.size);
    expect(all[0]!.bytes).toBeGreaterThan(all[1]!.bytes); // more frames, more bytes
    expect((await listRecordings(root, 2)).map((r) => r.name)).toEqual(['newer', 'older']);
  });

  it('leaves out what is not a recording: files, empty folders, folders of other things', async () => {
    const root = tempDir();
    await record(join(root, 'real'), 20, new Date('2026-11-01T10:00:00Z'));
    mkdirSync(join(root, 'empty'));
    mkdirSync(join(root, 'photos'));
    writeFileSync(join(root, 'photos', 'segment-1.png'), 'x');
    writeFileSync(join(root, 'notes.txt'), 'not a folder');
    expect((await listRecordings(root, 20)).map((r) => r.name)).toEqual(['real']);
  });

  it('has nothing to list before the first recording made the folder', async () => {
    expect(await listRecordings(join(tempDir(), 'not-yet'), 20)).toEqual([]);
  });

  it('names the folder it cannot read', async () => {
    const root = join(tempDir(), 'locked');
    mkdirSync(root);
    await chmod(root, 0o000);
    try {
      // Root reads anything: the check only means something for an ordinary user.
      if (process.getuid?.() === 0) {
        writeFileSync(join(root, 'plain-file'), 'x');
        await expect(listRecordings(join(root, 'plain-file'), 20)).rejects.toThrow(
          /cannot read the recordings folder .*plain-file/,
        );
      } else {
        await expect(listRecordings(root, 20)).rejects.toThrow(
          /cannot read the recordings folder .*locked/,
        );
      }
    } finally {
      await chmod(root, 0o755);
    }
  });
});

describe('listRecordings, recordings of several sources', () => {
  it('lists a set once, with its sources, and leaves out one whose sources.json is damaged', async () => {
    const root = tempDir();
    const set = join(root, 'set');
    await record(join(set, 'kraken'), 30, new Date('2026-11-01T10:00:00Z'));
    await record(join(set, 'sim'), 60, new Date('2026-11-01T10:00:00Z'));
    const sources = ['kraken', 'sim'].map((name) => ({
      name,
      dir: name,
      label: name,
      from: T0,
      to: null,
    }));
    writeFileSync(
      join(set, 'sources.json'),
      JSON.stringify({ tickdeck: 'recording-set', version: 1, start: T0, sources }),
    );
    await record(join(root, 'single'), 20, new Date('2026-10-01T10:00:00Z'));
    mkdirSync(join(root, 'broken'));
    writeFileSync(join(root, 'broken', 'sources.json'), '{"tickdeck":"recording-set"');

    const listed = await listRecordings(root, 20);
    expect(listed.map((r) => [r.name, r.sources])).toEqual([
      ['set', ['kraken', 'sim']],
      ['single', undefined],
    ]);
    const segment = await stat(join(set, 'sim', 'segment-000000.ndjson.gz'));
    expect(listed[0]!.bytes).toBeGreaterThan(segment.size);
  });

  it('names a source recorded in two periods once, and counts both periods in its size', async () => {
    const root = tempDir();
    const set = join(root, 'set');
    const at = new Date('2026-11-01T10:00:00Z');
    for (const dir of ['kraken', 'sim', 'kraken.2']) await record(join(set, dir), 30, at);
    const sources = [
      { name: 'kraken', dir: 'kraken', label: 'kraken', from: T0, to: T0 + 1_000 },
      { name: 'sim', dir: 'sim', label: 'sim', from: T0, to: null },
      { name: 'kraken', dir: 'kraken.2', label: 'kraken', from: T0 + 5_000, to: null },
    ];
    writeFileSync(
      join(set, 'sources.json'),
      JSON.stringify({ tickdeck: 'recording-set', version: 2, start: T0, sources }),
    );

    const [listed] = await listRecordings(root, 20);
    expect(listed!.sources).toEqual(['kraken', 'sim']);
    const segment = await stat(join(set, 'sim', 'segment-000000.ndjson.gz'));
    expect(listed!.bytes).toBeGreaterThanOrEqual(3 * segment.size);
  });
});
