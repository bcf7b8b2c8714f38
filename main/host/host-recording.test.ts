import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../protocol/ipc';
import { until } from '../../test-support/batch-view';
import { startTwoSources } from '../../test-support/two-sources';
import { HostRecording } from './host-recording';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tickdeck-host-recording-'));
  closers.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('HostRecording', () => {
  it("labels each source's stream with that source's own label, not the first one's", async () => {
    const { engine } = await startTwoSources(closers);
    const root = tempDir();
    const recording = new HostRecording(
      engine,
      () => root,
      () => {},
    );
    closers.push(() => recording.close());
    const started = await recording.handlers['recording:start']();
    await until(() => engine.health().recording.messages > 20);
    await recording.handlers['recording:stop']();
    const set = JSON.parse(readFileSync(join(started.dir!, 'sources.json'), 'utf8')) as {
      sources: { name: string; label: string }[];
    };
    const chips = engine.health().sources!;
    expect(new Set(chips.map((s) => s.source.label)).size).toBe(2);
    expect(set.sources.map((s) => [s.name, s.label])).toEqual(
      chips.map((s) => [s.name, s.source.label]),
    );
  });

  it('reads the folder at each use: a recording and the list follow a changed root', async () => {
    const { engine } = await startTwoSources(closers);
    let root = tempDir();
    const notices: Notice[] = [];
    const recording = new HostRecording(
      engine,
      () => root,
      (n) => notices.push(n),
    );
    closers.push(() => recording.close());
    for (const name of ['first', 'second']) {
      root = join(tempDir(), name);
      const started = await recording.handlers['recording:start']();
      expect(started.dir!.startsWith(root)).toBe(true);
      await recording.handlers['recording:stop']();
      const listed = await recording.handlers['recording:list']();
      expect(listed.map((r) => r.dir)).toEqual([started.dir]);
    }
    expect(notices).toEqual([]);
  });
});
