/**
 * `npm run bench`: runs every `bench/*.bench.ts` module's `run()` in turn and writes one report,
 * `bench/results/report.md` and `bench/results/report.json`, with the machine it ran on. Each
 * figure carries the baseline measured in the same run and the ratio.
 *
 *   npm run bench                      # everything
 *   npm run bench -- engine dashboard  # only modules whose name contains one of the words
 *
 * Results are not committed (bench/results/ is ignored): they describe one machine at one time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machineInfo, toMarkdown, type BenchModule, type BenchResult } from './report';
import { CHROMIUM_PATH } from '../e2e/support/chromium';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_DIR = join(BENCH_DIR, 'results');
const SUFFIX = '.bench.ts';

interface ModuleReport {
  readonly module: string;
  readonly seconds: number;
  readonly results: readonly BenchResult[];
  readonly error?: string;
}

function chromiumVersion(): string {
  try {
    return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return `not found at ${CHROMIUM_PATH}`;
  }
}

function gitCommit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    });
    return `${head.trim()}${dirty.trim() ? ' (uncommitted changes)' : ''}`;
  } catch {
    return 'unknown';
  }
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const modules = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => basename(f, SUFFIX))
    .filter((name) => filters.length === 0 || filters.some((word) => name.includes(word)))
    .sort();
  if (modules.length === 0) {
    console.error(`bench: no module matches ${filters.join(', ')}`);
    process.exit(2);
  }

  const machine: Record<string, string | number> = {
    ...machineInfo(),
    chromium: chromiumVersion(),
    commit: gitCommit(),
    loadAverageAtStart: loadAverage(),
    date: new Date().toISOString(),
  };
  console.log(`bench: ${modules.join(', ')}`);
  console.log(
    Object.entries(machine)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n'),
  );

  const reports: ModuleReport[] = [];
  for (const name of modules) {
    console.log(`\n▶ ${name}`);
    const started = performance.now();
    try {
      const mod = (await import(pathToFileURL(join(BENCH_DIR, name + SUFFIX)).href)) as BenchModule;
      const results = await mod.run();
      const seconds = (performance.now() - started) / 1000;
      reports.push({ module: name, seconds, results });
      console.log(toMarkdown(`${name} (${seconds.toFixed(0)} s)`, results));
    } catch (err) {
      // One broken benchmark must not cost the others' figures; the report says what failed.
      const seconds = (performance.now() - started) / 1000;
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      reports.push({ module: name, seconds, results: [], error });
      console.error(`bench ${name} failed: ${error}`);
    }
  }

  machine['loadAverageAtEnd'] = loadAverage();
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'report.json'), JSON.stringify({ machine, reports }, null, 2));
  const md = [
    '# Tickdeck benchmark report',
    '',
    'Each figure is printed beside a baseline measured in the same run; the ratio compares them.',
    'Results describe this machine at this time and are not committed.',
    '',
    '| machine | |',
    '|---|---|',
    ...Object.entries(machine).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    ...reports.map((r) =>
      r.error
        ? `### ${r.module}\n\nFAILED after ${r.seconds.toFixed(0)} s:\n\n\`\`\`\n${r.error}\n\`\`\`\n`
        : toMarkdown(`${r.module} (${r.seconds.toFixed(0)} s)`, r.results),
    ),
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, 'report.md'), md);
  console.log(`\nbench: wrote ${join(RESULTS_DIR, 'report.md')} and report.json`);
  if (reports.some((r) => r.error)) process.exitCode = 1;
}

await main();
