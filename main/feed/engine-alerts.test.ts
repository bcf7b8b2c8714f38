import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import { parseAlertLine } from '../../protocol/alert-line';
import { startSimulator } from '../../feed-simulator/index';
import { startProxy } from '../../test-support/fault-proxy';
import { until, watch } from '../../test-support/batch-view';
import { createFeedEngine } from './engine';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function rule(line: string, id: string): AlertRule {
  const parsed = parseAlertLine(line, { id, now: Date.now() });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

async function engineViaProxy() {
  const sim = await startSimulator({ port: 0, seed: 7, rate: 400, heartbeatMs: 100 });
  closers.push(() => sim.close());
  const proxy = await startProxy(sim.url);
  closers.push(() => proxy.close());
  const engine = createFeedEngine({
    feed: proxy.url,
    batchHz: 30,
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => engine.close());
  const view = watch(engine);
  const events: AlertEvent[] = [];
  engine.onAlert((e) => events.push(e));
  await engine.start();
  await until(() => view.market.size > 0);
  return { engine, proxy, view, events };
}

describe('alerts in the feed engine', () => {
  it('evaluates folded ticks and says which rules wait for an instrument', async () => {
    const { engine, view, events } = await engineViaProxy();
    const id = [...view.market.keys()][0] as string;
    engine.setAlertRules([
      rule(`${id} above 0 on mid`, 'any-quote'),
      rule('NOPE above 1', 'later'),
    ]);
    expect(engine.alertStates()).toEqual({ 'any-quote': 'armed', later: 'pending' });
    await until(() => events.length > 0);
    const [event] = events;
    expect(event).toMatchObject({
      rule: { id: 'any-quote' },
      text: `${id} above 0 on mid`,
      tick: { instrument: id, seq: expect.any(Number), ts: expect.any(Number) },
      replayPosition: null,
    });
    expect(event?.tick?.value).toBeGreaterThan(0);
    expect(engine.alertStates()['any-quote']).toBe('fired');
  });

  it('fires feed rules on a gap and on a stall', async () => {
    const { engine, proxy, events } = await engineViaProxy();
    engine.setAlertRules([rule('feed gap', 'gap'), rule('feed stalled', 'stall')]);
    proxy.dropNextTicks();
    await until(() => events.some((e) => e.rule.id === 'gap'));
    proxy.silence();
    await until(() => events.some((e) => e.rule.id === 'stall'));
    expect(events.find((e) => e.rule.id === 'stall')?.tick).toBeNull();
  });
});
