import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../protocol/alerts';
import { formatAlertRule, parseAlertLine } from '../../protocol/alert-line';
import type { AlertLog } from './alert-log';
import { alertLogCsv, openAlertLog } from './alert-log';

const dirs: string[] = [];
const logs: AlertLog[] = [];
afterEach(async () => {
  for (const log of logs.splice(0)) await log.close();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Opens a log that the test's end closes (it keeps its file open). */
async function openLog(path: string, max?: number): Promise<AlertLog> {
  const log = await openAlertLog(path, max);
  logs.push(log);
  return log;
}

async function logPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tickdeck-alert-log-'));
  dirs.push(dir);
  return join(dir, 'alerts-log.ndjson');
}

function event(id: number, line = 'ACME crosses-down 92.5 note =HYPERLINK("x")'): AlertEvent {
  const parsed = parseAlertLine(line, { id: `r${id}`, now: 0 });
  if (!parsed.ok) throw new Error(parsed.error);
  return {
    id,
    rule: parsed.value,
    text: formatAlertRule(parsed.value),
    tick: { instrument: 'ACME', seq: 40 + id, ts: 1_700_000_000_000 + id, value: 92.4 },
    firedAt: 1_700_000_000_100 + id,
    replayPosition: null,
  };
}

describe('the alert log', () => {
  it('survives a restart, newest first, and skips a line a crash tore', async () => {
    const path = await logPath();
    const log = await openLog(path);
    await log.append(event(1));
    await log.append(event(2));
    await appendFile(path, '{"id":3,"rule":{"id"'); // the process died mid-write
    const reopened = await openLog(path);
    expect(reopened.entries().map((e) => e.id)).toEqual([2, 1]);
    await reopened.append(event(4));
    expect((await openLog(path)).entries().map((e) => e.id)).toEqual([4, 2, 1]);
  });

  it('keeps the newest entries within its bound, in memory and on disk', async () => {
    const path = await logPath();
    const log = await openLog(path, 3);
    for (let i = 1; i <= 10; i++) await log.append(event(i));
    expect(log.entries().map((e) => e.id)).toEqual([10, 9, 8]);
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(6);
    expect((await openLog(path, 3)).entries().map((e) => e.id)).toEqual([10, 9, 8]);
  });

  it("keeps the other rules' alerts through a flood of one rule, in memory, after a restart and in the CSV (bug 244)", async () => {
    const path = await logPath();
    const max = 20;
    const log = await openLog(path, max);
    /** Alert `id` of rule `rule`. */
    const of = (rule: string, id: number): AlertEvent => {
      const e = event(id);
      return { ...e, rule: { ...e.rule, id: rule } };
    };
    await log.append(of('quiet', 1));
    await log.append(of('drop', 2));
    // An `every 0s` rule in a crash: ten times the bound, in bursts the group commit joins.
    for (let id = 3; id < 3 + 10 * max; id += 10)
      await Promise.all(Array.from({ length: 10 }, (_, i) => log.append(of('noise', id + i))));
    const kept = (l: AlertLog) => l.entries().filter((e) => e.rule.id !== 'noise');
    expect(kept(log).map((e) => e.id)).toEqual([2, 1]);
    expect(log.entries()).toHaveLength(max);
    expect(log.entries()[0]!.id).toBe(2 + 10 * max); // the flood's newest
    // The process dies without closing the log: its file says the same.
    const again = await openAlertLog(path, max);
    logs.push(again);
    expect(again.entries().map((e) => e.id)).toEqual(log.entries().map((e) => e.id));
    expect(alertLogCsv(again.entries())).toContain('"quiet"');
  });

  it('holds each alert once on disk when a burst at the bound arrives while a write is on its way', async () => {
    const path = await logPath();
    const log = await openLog(path, 3);
    const writes: Promise<void>[] = [];
    for (let id = 1; id <= 30; id++) {
      writes.push(log.append(event(id)));
      // Every few alerts the event loop turns, so later ones meet a write already begun.
      if (id % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(writes);
    const ids = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as AlertEvent).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(-3)).toEqual([28, 29, 30]);
    expect((await openLog(path, 3)).entries().map((e) => e.id)).toEqual([30, 29, 28]);
  });

  it('clears for good', async () => {
    const path = await logPath();
    const log = await openLog(path);
    await log.append(event(1));
    await log.clear();
    expect(log.entries()).toEqual([]);
    expect((await openLog(path)).entries()).toEqual([]);
  });

  it('resolves each of a burst of appends only once its line is on disk, in order', async () => {
    const path = await logPath();
    const log = await openLog(path, 500);
    const onDisk: boolean[] = [];
    const ids = Array.from({ length: 300 }, (_, i) => i + 1);
    await Promise.all(
      ids.map((id) =>
        log.append(event(id)).then(() => {
          onDisk.push(readFileSync(path, 'utf8').includes(`{"id":${id},`));
        }),
      ),
    );
    expect(onDisk).toEqual(ids.map(() => true));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as AlertEvent).id)).toEqual(ids);
    expect((await openLog(path, 500)).entries()).toHaveLength(300);
  });

  it('keeps an alert appended just after a clear, while earlier appends still wait', async () => {
    const path = await logPath();
    const log = await openLog(path);
    const writes = [log.append(event(1)), log.append(event(2)), log.clear(), log.append(event(3))];
    await Promise.all(writes);
    expect(log.entries().map((e) => e.id)).toEqual([3]);
    expect((await openLog(path)).entries().map((e) => e.id)).toEqual([3]);
  });

  it('closes its file only once the appends asked for before are on disk', async () => {
    const path = await logPath();
    const log = await openLog(path);
    await log.append(event(1));
    const writes = [log.append(event(2)), log.append(event(3))];
    await log.close();
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
    await Promise.all(writes);
    expect((await openLog(path)).entries().map((e) => e.id)).toEqual([3, 2, 1]);
  });

  it('writes the file afresh when it was deleted while the log had it open', async () => {
    const path = await logPath();
    const log = await openLog(path);
    await log.append(event(1));
    await rm(path);
    await log.append(event(2));
    expect((await openLog(path)).entries().map((e) => e.id)).toEqual([2]);
  });

  it('skips a line whose times, tick or id the page could not show, and a line there twice', async () => {
    const path = await logPath();
    const good = JSON.stringify(event(1));
    const bad = [
      { ...event(2), firedAt: 1e300 },
      { ...event(3), tick: 'ACME' },
      { ...event(4), tick: { instrument: 5, seq: 'a', ts: 1e300, value: 'v' } },
      { ...event(5), replayPosition: 1e300 },
      { ...event(6), id: '6' },
    ];
    await writeFile(path, [good, ...bad.map((e) => JSON.stringify(e)), good, ''].join('\n'));
    const log = await openLog(path);
    expect(log.entries().map((e) => e.id)).toEqual([1]);
    expect(alertLogCsv(log.entries()).split('\r\n')).toHaveLength(3);
  });

  it('reads only its tail: a log grown to a gigabyte opens with its newest alerts and shrinks at the next', async () => {
    const path = await logPath();
    await truncate(path, 0).catch(() => writeFile(path, ''));
    await truncate(path, 2 ** 30); // a gigabyte of junk (sparse: no disk used)
    await appendFile(path, `\n${JSON.stringify(event(1))}\n`);
    const log = await openLog(path);
    expect(log.entries().map((e) => e.id)).toEqual([1]);
    await log.append(event(2));
    expect(statSync(path).size).toBeLessThan(10_000);
    expect((await openLog(path)).entries().map((e) => e.id)).toEqual([2, 1]);
  });

  it('is refused, not waited on, when its path is a FIFO: alerts fail to save with the reason', async () => {
    const path = await logPath();
    execFileSync('mkfifo', [path]);
    const log = await openLog(path);
    expect(log.entries()).toEqual([]);
    await expect(log.append(event(1))).rejects.toThrow(`${path} is not a regular file`);
  });

  it('exports CSV a spreadsheet reads as text, never as a formula', () => {
    const csv = alertLogCsv([event(1)]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'fired_at,rule_id,rule,instrument,seq,tick_time,value,replay_position,note',
    );
    expect(row).toBe(
      '2023-11-14T22:13:20.101Z,"r1","ACME crosses-down 92.5","ACME",41,2023-11-14T22:13:20.001Z,92.4,,"\'=HYPERLINK(""x"")"',
    );
  });
});
