/**
 * The shape every benchmark returns, and the report `npm run bench` writes. Each figure is
 * printed beside a baseline measured in the same run, so a noisy 2-core machine still gives a
 * meaningful ratio even when absolute numbers drift.
 */
import { cpus, totalmem } from 'node:os';
import type { Bench } from 'tinybench';

/** One measured figure. `ratio` is value / baseline (or the reverse where noted). */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly note?: string;
}

/** A benchmark module's contract: `export async function run(): Promise<BenchResult[]>`. */
export type BenchModule = { run(): Promise<BenchResult[]> };

/** Machine facts printed with every report (results are not truth on another machine). */
export function machineInfo(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

function fmt(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(3)).toString();
}

/** Renders results as a Markdown table. */
export function toMarkdown(title: string, results: readonly BenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.baseline)} | ${r.ratio === undefined ? '' : `${fmt(r.ratio)}×`} | ${r.note ?? ''} |`,
  );
  return [
    `### ${title}`,
    '',
    '| figure | value | baseline | ratio | note |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Prints results to stdout; used when a bench file runs standalone. */
export function printResults(title: string, results: readonly BenchResult[]): void {
  console.log(toMarkdown(title, results));
}

/** The median time of one run of tinybench task `name`, ms; throws when it has no result. */
export function medianMs(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) throw new Error(`${name}: no result`);
  return result.latency.p50;
}

/**
 * A bench setting from the environment: one whole number from 1 to `max`, `fallback` when it
 * is unset. Every number from outside has a bound, so a typo cannot start an hour-long run.
 */
export function readSetting(name: string, fallback: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new Error(`${name}: expected a whole number from 1 to ${max}, got "${text}"`);
  return value;
}

/**
 * A bench setting from the environment that may be a fraction (a size in MiB): a number above 0
 * and at most `max`, `fallback` when it is unset.
 */
export function readAmount(name: string, fallback: number, max: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > max)
    throw new Error(`${name}: expected a number above 0 and at most ${max}, got "${text}"`);
  return value;
}

/** A bench setting from the environment: a comma list of whole numbers from 1 to `max`. */
export function readList(name: string, text: string, max: number): number[] {
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 1 || v > max))
    throw new Error(`${name}: expected whole numbers from 1 to ${max}, got "${text}"`);
  return values;
}
