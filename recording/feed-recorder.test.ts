import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startSimulator } from '../feed-simulator/index';
import { segmentFileName, type Entry } from './format';
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

  it('heads its segments with the instruments of a hello a client would accept, else none', async () => {
    const acme = { id: 'ACME', kind: 'market', name: 'Acme', tickSize: 0.01 };
    const root = mkdtempSync(join(tmpdir(), 'tickdeck-feed-recorder-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    for (const [i, [instruments, expected]] of [
      [5, []],
      [[{ id: 'X' }], []],
      [[acme], [acme]],
    ].entries()) {
      const feed = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      cleanup.push(() => new Promise<void>((r) => feed.close(() => r())));
      await new Promise((r) => feed.once('listening', r));
      feed.on('connection', (ws) =>
        ws.send(JSON.stringify({ op: 'hello', protocol: 1, heartbeatMs: 1000, instruments })),
      );
      const url = `ws://127.0.0.1:${(feed.address() as AddressInfo).port}`;
      const dir = join(root, `rec${i}`);
      await (await recordFeed({ url, dir })).stop();
      const text = gunzipSync(readFileSync(join(dir, segmentFileName(0)))).toString('utf8');
      const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { instruments: unknown };
      expect(header.instruments, JSON.stringify(instruments)).toEqual(expected);
    }
  });
});
