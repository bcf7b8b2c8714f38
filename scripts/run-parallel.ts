/**
 * Runs shell commands at the same time and fails when any of them fails: `npm test` uses it for
 * steps that are each single-threaded or mostly waiting (lint beside typecheck; the security
 * gate beside the browser specs), so a two-core machine runs them in the time of the longest.
 * Each command's output is held and printed whole once it ends, so logs never interleave.
 *
 *   tsx scripts/run-parallel.ts "npm run lint" "npm run typecheck"
 */
import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly command: string;
  /** Exit code, or 1 when the command was ended by a signal. */
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** Runs `command` in a shell, collecting stdout and stderr in the order they came. */
export function runCommand(command: string): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const done = (code: number, extra = '') =>
      resolve({
        command,
        code,
        output: output + extra,
        seconds: (performance.now() - started) / 1000,
      });
    child.once('error', (err) => done(1, `\n${err.message}\n`));
    child.once('close', (code) => done(code ?? 1));
  });
}

/** Runs every command at once; resolves with the results in the order given. */
export function runParallel(commands: readonly string[]): Promise<CommandResult[]> {
  if (commands.length === 0) throw new Error('run-parallel: give at least one command to run');
  const empty = commands.find((c) => c.trim() === '');
  if (empty !== undefined) throw new Error('run-parallel: an empty command was given');
  return Promise.all(commands.map(runCommand));
}

async function main(): Promise<void> {
  const results = await runParallel(process.argv.slice(2));
  for (const r of results) {
    const verdict = r.code === 0 ? 'ok' : `FAILED (exit ${r.code})`;
    process.stdout.write(
      `\n── ${r.command}: ${verdict}, ${r.seconds.toFixed(1)} s ──\n${r.output}`,
    );
  }
  process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
}

if (process.argv[1] === import.meta.filename) {
  await main().catch((err: Error) => {
    console.error(err.message);
    process.exitCode = 2;
  });
}
