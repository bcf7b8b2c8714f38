import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runParallel } from './run-parallel';

const SCRIPT = join(import.meta.dirname, 'run-parallel.ts');
const TSX = join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');

describe('run-parallel', () => {
  it('runs the commands at the same time, each with its own output and exit code', async () => {
    const started = performance.now();
    const results = await runParallel([
      'sleep 1; echo first; exit 0',
      'sleep 1; echo second >&2; exit 3',
    ]);
    // Two one-second commands in well under two seconds: they overlapped.
    expect(performance.now() - started).toBeLessThan(1_900);
    expect(results.map((r) => [r.command, r.code, r.output])).toEqual([
      ['sleep 1; echo first; exit 0', 0, 'first\n'],
      ['sleep 1; echo second >&2; exit 3', 3, 'second\n'],
    ]);
  });

  it('refuses to run nothing, or an empty command', () => {
    expect(() => runParallel([])).toThrow(/at least one command/);
    expect(() => runParallel(['true', ' '])).toThrow(/empty command/);
  });

  it('as a command, prints each output whole and exits 1 when any command failed', () => {
    const run = (...commands: string[]) =>
      spawnSync(TSX, [SCRIPT, ...commands], { encoding: 'utf8' });
    const failed = run('echo a1; sleep 0.3; echo a2', 'echo b1; exit 4');
    expect(failed.status).toBe(1);
    // a1 and a2 stay together although b1 was printed between them.
    expect(failed.stdout).toMatch(/echo a1; sleep 0.3; echo a2: ok, [\d.]+ s ──\na1\na2\n/);
    expect(failed.stdout).toMatch(/echo b1; exit 4: FAILED \(exit 4\), [\d.]+ s ──\nb1\n/);
    expect(run('true', 'echo fine').status).toBe(0);
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/at least one command/);
  });
});
