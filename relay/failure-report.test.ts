import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../test-support/batch-view';
import { FailureReport } from './failure-report';

/** About what is reported when, not how long the product's interval (5 s) is: a short one. */
const INTERVAL_MS = 200;
const reports: FailureReport[] = [];
afterEach(() => reports.splice(0).forEach((r) => r.close()));

function report(): { lines: string[]; report: FailureReport } {
  const lines: string[] = [];
  const r = new FailureReport(
    'storing the latest state failed',
    'latest states stored again',
    (l) => lines.push(l),
    INTERVAL_MS,
  );
  reports.push(r);
  return { lines, report: r };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('FailureReport', () => {
  it('reports a burst of failures in one line, naming the first, and counts them all', () => {
    const { lines, report: r } = report();
    for (let i = 0; i < 1_000; i++) r.failed('TIMEOUT', `SIM${i}`);
    expect(lines).toEqual(['storing the latest state failed (1 so far, last SIM0): TIMEOUT']);
    expect(r.count).toBe(1_000);
  });

  it('reports failures that go on once per interval, with the count so far', async () => {
    const { lines, report: r } = report();
    const began = performance.now();
    while (performance.now() - began < INTERVAL_MS * 2.5) {
      r.failed('TIMEOUT');
      await sleep(5);
    }
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    expect(lines[1]).toMatch(/^storing the latest state failed \(\d+ so far\): TIMEOUT$/);
    expect(Number(/\((\d+) so far/.exec(lines[1]!)![1])).toBeGreaterThan(1);
  });

  it('says once that writes succeed again, after a success with no failure since', async () => {
    const { lines, report: r } = report();
    r.failed('TIMEOUT', 'SIM1');
    r.failed('TIMEOUT', 'SIM2');
    r.succeeded();
    r.succeeded();
    // Not before an interval from the failure line: the log stays one line per interval.
    await sleep(INTERVAL_MS / 2);
    expect(lines).toHaveLength(1);
    await until(() => lines.length === 2, 2_000);
    expect(lines[1]).toBe('latest states stored again after 2 failed');
    r.succeeded();
    await sleep(INTERVAL_MS * 2);
    expect(lines).toHaveLength(2);
  });

  it('writes that fail and succeed by turns (an overloaded server) get one line per interval at most', async () => {
    const { lines, report: r } = report();
    const began = performance.now();
    while (performance.now() - began < INTERVAL_MS * 5) {
      r.failed('TIMEOUT');
      await sleep(5);
      r.succeeded();
      await sleep(5);
    }
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(6);
    // Once they hold, the last line says so.
    await until(() => lines.at(-1)?.startsWith('latest states stored again after') === true, 2_000);
  });
});
