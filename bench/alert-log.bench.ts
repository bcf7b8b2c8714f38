/**
 * The alert log's group commit (main/alerts/alert-log.ts). The host delivers an alert to the
 * page only once its line is synced to disk, so when a burst fires (a level a thousand rules
 * share, a feed coming back) the last toast waits for every write before it. Measured: a burst
 * of `BURST` alerts appended at once, the time until the last is on disk (what its toast
 * waits for); baseline in the same run: the same log with each append awaited before the next,
 * which is one synced write per alert, as the log wrote before the group commit.
 * Alternating rounds, each in a fresh file; medians with the range.
 *
 * Standalone: `npx tsx bench/alert-log.bench.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AlertEvent } from '../protocol/alerts';
import { formatAlertRule, parseAlertLine } from '../protocol/alert-line';
import { openAlertLog } from '../main/alerts/alert-log';
import { printResults, type BenchResult } from './report';
import { median } from './numbers';

const BURST = 500;
const ROUNDS = 5;

function burst(): AlertEvent[] {
  const parsed = parseAlertLine('ACME crosses-down 92.5', { id: 'r1', now: 0 });
  if (!parsed.ok) throw new Error(parsed.error);
  const rule = parsed.value;
  return Array.from({ length: BURST }, (_, id) => ({
    id,
    rule,
    text: formatAlertRule(rule),
    tick: { instrument: 'ACME', seq: id, ts: 1_700_000_000_000 + id, value: 92.4 },
    firedAt: 1_700_000_000_100 + id,
    replayPosition: null,
  }));
}

/** Milliseconds until every alert of the burst is on disk. */
async function round(dir: string, name: string, oneByOne: boolean): Promise<number> {
  const log = await openAlertLog(join(dir, `${name}.ndjson`), 2 * BURST);
  const events = burst();
  const started = performance.now();
  if (oneByOne) for (const e of events) await log.append(e);
  else await Promise.all(events.map((e) => log.append(e)));
  const ms = performance.now() - started;
  await log.close();
  return ms;
}

const range = (xs: readonly number[]) =>
  `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms`;

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tickdeck-bench-alert-log-'));
  try {
    const grouped: number[] = [];
    const single: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      single.push(await round(dir, `single-${r}`, true));
      grouped.push(await round(dir, `grouped-${r}`, false));
    }
    const value = median(grouped);
    const baseline = median(single);
    return [
      {
        name: `alert log: ${BURST} alerts fired at once, until the last is on disk (its toast waits for it)`,
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        note: `rounds: grouped ${range(grouped)}, one sync per alert ${range(single)}; baseline: each append awaited, one synced write per alert`,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printResults('alert-log', await run());
}
