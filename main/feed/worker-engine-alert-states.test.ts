import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRuleState } from '../../protocol/alerts';
import { startSimulator } from '../../feed-simulator/index';
import { until } from '../../test-support/batch-view';
import { sourceNameOf } from '../../test-support/source-name';
import { createWorkerFeedEngine } from './worker-engine';
import { WorkerListeners } from './worker-listeners';
import { ruleLine } from '../../test-support/alert-rules';

const rule = (line: string, id: string) => ruleLine(line, id, Date.now());

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function simulator(seed: number) {
  const sim = await startSimulator({ port: 0, seed, rate: 200, heartbeatMs: 100 });
  closers.push(() => sim.close());
  return sim;
}

describe('rule states reported by the engine in its worker', () => {
  it('reports pending and armed as instruments come and go, and again from a restarted worker', async () => {
    const [a, b] = [await simulator(1), await simulator(2)];
    const workers: Worker[] = [];
    const engine = createWorkerFeedEngine(
      { feed: a.url, batchHz: 30 },
      { onWorker: (w) => workers.push(w) },
    );
    closers.push(() => engine.close());
    const heard: Record<string, AlertRuleState> = {};
    engine.onAlertStates((states) => Object.assign(heard, states));
    await engine.start();
    // Alone, the source's ids are bare; beside a second source, every id names its source.
    engine.setAlertRules([
      rule('ACME above 1e9', 'bare'),
      rule(`${sourceNameOf(b.url)}:ACME above 1e9`, 'b'),
    ]);
    await until(() => engine.alertStates().bare === 'armed', 10_000);
    expect(engine.alertStates()).toEqual({ bare: 'armed', b: 'pending' });
    await engine.addSource(b.url);
    await until(() => heard.bare === 'pending' && heard.b === 'armed', 10_000);

    // The read answers after the report; a new worker numbers its reports from 1 again.
    expect(engine.alertStates()).toEqual({ bare: 'pending', b: 'armed' });
    for (const id in heard) delete heard[id];
    await workers[0]!.terminate();
    await until(() => workers.length === 2, 10_000);
    await until(() => heard.b !== undefined, 20_000);
  }, 40_000);

  it('drops a report its worker posted before the last read, which told more', () => {
    const listeners = new WorkerListeners(() => {});
    const heard: Record<string, AlertRuleState>[] = [];
    listeners.onAlertStates((states) => heard.push(states));
    listeners.readStates(7, 2);
    listeners.deliver({ op: 'alertStates', thread: 7, n: 2, states: { r: 'armed' } });
    listeners.deliver({ op: 'alertStates', thread: 7, n: 3, states: { r: 'pending' } });
    listeners.deliver({ op: 'alertStates', thread: 8, n: 1, states: { r: 'expired' } });
    expect(heard).toEqual([{ r: 'pending' }, { r: 'expired' }]);
  });
});
