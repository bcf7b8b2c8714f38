import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../feed-simulator/index';
import type { Entry } from './format';
import { recordFeed } from './feed-recorder';
import { openRecording } from './recording-reader';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('recordFeed', () => {
  it('marks a lost connection, reconnects when the feed is back, and records its new hello', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-feed-recorder-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    const options = { seed: 3, rate: 200, instruments: 3, matches: 1 };
    const first = await startSimulator({ port: 0, ...options });
    const events: string[] = [];
    const recording = await recordFeed({
      url: first.url,
      dir: join(root, 'rec'),
      onEvent: (m) => events.push(m),
    });
    cleanup.push(() => void recording.stop().catch(() => null));
    await new Promise((r) => setTimeout(r, 300));
    await first.close();
    const second = await startSimulator({ ...options, port: first.port });
    cleanup.push(() => second.close());
    for (let i = 0; i < 200 && !events.some((e) => e.startsWith('reconnected')); i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    await recording.stop();

    const entries: Entry[] = [];
    for await (const e of (await openRecording(join(root, 'rec'))).entries()) entries.push(e);
    const kinds = entries.map((e) =>
      e.kind === 'mark'
        ? e.event
        : e.kind === 'message'
          ? (JSON.parse(e.raw) as { op: string }).op
          : e.kind,
    );
    const lost = kinds.indexOf('disconnected');
    expect(kinds[0]).toBe('hello');
    // The snapshots sent right after the first hello are kept, so a replay starts complete.
    expect(kinds.slice(0, lost).filter((k) => k === 'snapshot')).toHaveLength(4);
    expect(kinds.indexOf('snapshot')).toBeLessThan(kinds.indexOf('ticks'));
    expect(lost).toBeGreaterThan(0);
    expect(kinds.indexOf('connected')).toBeGreaterThan(lost);
    expect(kinds.indexOf('hello', lost)).toBeGreaterThan(kinds.indexOf('connected'));
    expect(kinds.slice(kinds.indexOf('hello', lost))).toContain('ticks');
    expect(events[0]).toMatch(/connection lost \(1001\); retrying in 500 ms/);
  });
});
