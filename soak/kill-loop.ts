/**
 * The kill -9 loop: records deterministic frames in a child process in real time (so flushes,
 * checkpoints, segment rolls and index rewrites happen as in a live recording), kills it with
 * SIGKILL at a random moment, then reads the folder back. Each run must serve every frame the
 * child reported flushed, exactly and in order, and never a partial line. Used by
 * `kill-loop.test.ts` (a few runs) and `npm run soak` (many); see docs/RELIABILITY.md.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openRecording } from '../recording';
import { syntheticFrames } from '../test-support/recording-traffic';

export interface KillRun {
  readonly killedAfterMs: number;
  /** Frames the child had seen flushed (its last `flushed` line) before the kill. */
  readonly flushed: number;
  /** Frames the reader served, all verbatim and in order. */
  readonly served: number;
  readonly segments: number;
  readonly warnings: readonly string[];
  /** Why the run failed, or null. */
  readonly problem: string | null;
}

export interface KillLoopOptions {
  readonly runs: number;
  /** Runs at a time (the machine may be small). */
  readonly concurrency?: number;
  /** The kill lands uniformly in [0, maxKillAfterMs) after the child starts recording. */
  readonly maxKillAfterMs?: number;
  readonly random?: () => number;
}

/** Frames the child writes; the reader's output is compared with these. */
export const KILL_LOOP_FRAMES = 20_000;
const FRAMES_PER_BURST = 25;
const BURST_EVERY_MS = 5;

const CHILD = (writer: string, fixtures: string) => `
import { RecordingWriter } from ${JSON.stringify(writer)};
import { syntheticFrames } from ${JSON.stringify(fixtures)};
const frames = [...syntheticFrames({ messages: ${KILL_LOOP_FRAMES} })];
const writer = await RecordingWriter.create({
  dir: process.argv[2], source: 'kill-loop',
  segmentMaxMs: 300, segmentMaxBytes: 96 * 1024, checkpointIntervalMs: 100, flushIntervalMs: 50,
});
process.stdout.write('recording\\n');
let i = 0;
const burst = async () => {
  const end = Math.min(frames.length, i + ${FRAMES_PER_BURST});
  for (; i < end; i++) writer.write(frames[i].raw, Date.now());
  const upTo = i;
  if (upTo % 100 === 0) { await writer.flush(); process.stdout.write('flushed ' + upTo + '\\n'); }
  if (i < frames.length) setTimeout(burst, ${BURST_EVERY_MS});
};
burst();
`;

/** Runs one recording child, kills it after `killAfterMs`, and checks what the reader serves. */
export async function killOnce(
  root: string,
  killAfterMs: number,
  expected: readonly string[],
): Promise<KillRun> {
  const dir = join(root, 'rec');
  const script = join(root, 'child.mts');
  writeFileSync(
    script,
    CHILD(
      resolve(import.meta.dirname, '../recording/recording-writer.ts'),
      resolve(import.meta.dirname, '../test-support/recording-traffic.ts'),
    ),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
    cwd: resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let flushed = 0;
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  await new Promise<void>((done) => {
    const giveUp = setTimeout(done, 20_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // Only frames reported before the kill count: the kill follows this line synchronously.
      const lines = out.match(/flushed (\d+)/g);
      if (lines) flushed = Number(lines.at(-1)!.slice(8));
      if (out.includes('recording\n') && !child.killed) {
        clearTimeout(giveUp);
        setTimeout(() => {
          child.kill('SIGKILL');
          done();
        }, killAfterMs);
      }
    });
    child.once('exit', () => done());
  });
  child.kill('SIGKILL');
  await exited;
  const flushedAtKill = flushed;
  const segments = readdirSync(dir).filter((f) => f.endsWith('.ndjson.gz')).length;
  const base = { killedAfterMs: killAfterMs, flushed: flushedAtKill, segments };
  if (!out.includes('recording\n'))
    return { ...base, served: 0, warnings: [], problem: `child never started: ${err}` };
  try {
    const rec = await openRecording(dir);
    let served = 0;
    for await (const e of rec.entries()) {
      if (e.kind !== 'message') continue;
      if (e.raw !== expected[served])
        return {
          ...base,
          served,
          warnings: rec.warnings,
          problem: `frame ${served} served as ${JSON.stringify(e.raw.slice(0, 80))}`,
        };
      served++;
    }
    const problem =
      served < flushedAtKill ? `only ${served} of ${flushedAtKill} flushed frames served` : null;
    return { ...base, served, warnings: rec.warnings, problem };
  } catch (error) {
    // Killed before anything was flushed: nothing to serve, and a clear error is right.
    const problem = flushedAtKill > 0 ? `unreadable: ${(error as Error).message}` : null;
    return { ...base, served: 0, warnings: [(error as Error).message], problem };
  }
}

/** Runs `runs` kill -9 cycles, `concurrency` at a time. */
export async function runKillLoop(options: KillLoopOptions): Promise<KillRun[]> {
  const random = options.random ?? Math.random;
  const expected = [...syntheticFrames({ messages: KILL_LOOP_FRAMES })].map((f) => f.raw);
  const results: KillRun[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.runs) {
      next++;
      const root = mkdtempSync(join(tmpdir(), 'tickdeck-kill-'));
      try {
        const killAfter = Math.floor(random() * (options.maxKillAfterMs ?? 1_500));
        results.push(await killOnce(root, killAfter, expected));
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  return results;
}
