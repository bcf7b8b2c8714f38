import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../feed-simulator/index';
import { parseAlertLine } from '../../protocol/alert-line';
import type { FeedChoice } from '../../protocol/settings';
import type { FeedEngine } from './engine-api';
import { createFeedEngine } from './engine';
import { until, watch } from '../../test-support/batch-view';
import type { View } from '../../test-support/batch-view';
import { sourceNameOf } from '../../test-support/source-name';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function simulator(port = 0) {
  const sim = await startSimulator({ port, seed: 11, rate: 400, heartbeatMs: 100 });
  closers.push(() => sim.close());
  return sim;
}

function engine(feeds?: FeedChoice[]): FeedEngine {
  const e = createFeedEngine({
    feed: null,
    feeds,
    batchHz: 60,
    simulator: { seed: 3, rate: 400, heartbeatMs: 100 },
    backoff: { baseMs: 20, capMs: 100 },
  });
  closers.push(() => e.close());
  return e;
}

/** Trades seen so far on the rows whose id starts with `prefix`. */
function trades(view: View, prefix: string): number {
  let n = 0;
  for (const [id, row] of view.market) if (id.startsWith(prefix)) n += row.trades;
  return n;
}

const sourceState = (view: View, name: string) =>
  view.last()?.health.sources?.find((s) => s.name === name)?.connection.state;

/** The embedded simulator and a second one as sources, started and both live. */
async function twoLiveSources() {
  const other = await simulator();
  const e = engine([
    { feed: null, endpoint: null },
    { feed: other.url, endpoint: null },
  ]);
  const view = watch(e);
  await e.start();
  const name = sourceNameOf(other.url);
  await until(() => sourceState(view, name) === 'live' && trades(view, 'sim:') > 0);
  return { other, e, view, name };
}

describe('FeedEngine with several sources', () => {
  it('names every instrument by its source and shows each source in the health', async () => {
    const { e, view, name } = await twoLiveSources();
    expect(name).toMatch(/^127-0-0-1-\d+$/);
    await until(() => trades(view, `${name}:`) > 0, 10_000);
    expect(e.sourceNames()).toEqual(['sim', name]);
    expect(
      [...view.market.keys()].every((id) => id.startsWith('sim:') || id.startsWith(`${name}:`)),
    ).toBe(true);
    const instruments = view.batches.findLast((b) => b.instruments)!.instruments!;
    expect(instruments.map((i) => i.id)).toContain('sim:ACME');
    expect(instruments.map((i) => i.id)).toContain(`${name}:ACME`);
    expect(view.last()!.health.sources!.map((s) => s.name)).toEqual(['sim', name]);
  });

  it('counts each batch sent once in the health, however many sources fed it', async () => {
    const { view } = await twoLiveSources();
    const from = view.batches.length;
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const received = ((view.batches.length - from) * 1_000) / (Date.now() - startedAt);
    // The health's figure is the last whole second's; the page's own count is over 2.5 s, so
    // they agree only roughly on a busy machine. Counted once per source, it read twice.
    expect(view.last()!.health.batchesPerSec / received).toBeGreaterThan(0.6);
    expect(view.last()!.health.batchesPerSec / received).toBeLessThan(1.5);
  });

  it("keeps one source's batches flowing while another fails, and takes it back when it returns", async () => {
    const { other, view, name } = await twoLiveSources();
    const port = Number(new URL(other.url).port);

    await other.close();
    await until(() => sourceState(view, name) === 'reconnecting', 10_000);
    // The summary shows the worst source; the healthy one stays live and keeps ticking.
    expect(view.last()!.health.connection.state).toBe('reconnecting');
    const simTrades = trades(view, 'sim:');
    const downTrades = trades(view, `${name}:`);
    await until(() => trades(view, 'sim:') > simTrades + 20, 10_000);
    expect(sourceState(view, 'sim')).toBe('live');
    expect(trades(view, `${name}:`)).toBe(downTrades);

    const back = await simulator(port);
    expect(new URL(back.url).port).toBe(String(port));
    await until(() => sourceState(view, name) === 'live', 10_000);
    await until(() => view.last()!.health.connection.state === 'live');
    const before = trades(view, 'sim:');
    await until(() => trades(view, 'sim:') > before);
  });

  it('adds and removes sources, prefixing ids only while there are several', async () => {
    const other = await simulator();
    const e = engine();
    const view = watch(e);
    await e.start();
    await until(() => view.market.has('ACME'));
    expect(view.last()!.health.sources).toBeUndefined();

    const name = sourceNameOf(other.url);
    expect(await e.addSource(other.url)).toBe(name);
    await until(() => view.market.has('sim:ACME') && view.market.has(`${name}:ACME`), 10_000);
    expect(view.market.has('ACME')).toBe(false);

    await expect(e.addSource('nowhere:X')).rejects.toThrow(/unknown feed "nowhere"/);
    expect(e.sourceNames()).toEqual(['sim', name]);
    await expect(e.removeSource('kraken')).rejects.toThrow(/no source named "kraken"/);

    await e.removeSource('sim');
    await until(() => view.market.has('ACME') && !view.market.has(`${name}:ACME`), 10_000);
    expect(e.sourceNames()).toEqual([name]);
    await expect(e.removeSource(name)).rejects.toThrow(/only source/);
  });

  it('names two servers on one host apart by their ports, whichever is added first', async () => {
    const [a, b] = [await simulator(), await simulator()];
    const names = [sourceNameOf(a.url), sourceNameOf(b.url)];
    const e = engine([
      { feed: b.url, endpoint: null },
      { feed: a.url, endpoint: null },
    ]);
    const view = watch(e);
    await e.start();
    expect(e.sourceNames()).toEqual([names[1], names[0]]);
    expect(names).toEqual([`127-0-0-1-${new URL(a.url).port}`, `127-0-0-1-${new URL(b.url).port}`]);
    await until(() => names.every((name) => view.market.has(`${name}:ACME`)));
  });

  it('keeps a source its name when an earlier one of its kind is removed, so what names it stays on it', async () => {
    // Two paths on one server: named by the order added, `-2` for the second.
    const sim = await simulator();
    const [a, b] = [{ url: `${sim.url}/a` }, { url: `${sim.url}/b` }];
    const first = sourceNameOf(sim.url);
    const second = `${first}-2`;
    const e = engine([
      { feed: null, endpoint: null },
      { feed: a.url, endpoint: null },
      { feed: b.url, endpoint: null },
    ]);
    const view = watch(e);
    await e.start();
    expect(e.sourceNames()).toEqual(['sim', first, second]);
    // A chart and an alert rule on the second connection's ACME.
    const charted = `${second}:ACME`;
    const rule = parseAlertLine(`${charted} above 1000000000`, { id: 'b-high', now: Date.now() });
    if (!rule.ok) throw new Error(rule.error);
    e.setAlertRules([rule.value]);
    await until(() => (view.market.get(charted)?.trades ?? 0) > 0, 10_000);
    expect(e.alertStates()).toEqual({ 'b-high': 'armed' });

    await e.removeSource(first);
    expect(e.sourceNames()).toEqual(['sim', second]);
    const listed = () => view.batches.findLast((b) => b.instruments)!.instruments!.map((i) => i.id);
    await until(() => !listed().includes(`${first}:ACME`), 10_000);
    expect(listed()).toContain(charted);
    const before = view.market.get(charted)?.trades ?? 0;
    await until(() => (view.market.get(charted)?.trades ?? 0) > before + 10, 10_000);
    expect(e.alertStates()).toEqual({ 'b-high': 'armed' });
    expect(view.last()!.health.sources!.map((s) => s.name)).toEqual(['sim', second]);

    // The freed name goes to the next source of that kind.
    expect(await e.addSource(a.url)).toBe(first);
    expect(e.sourceNames()).toEqual(['sim', second, first]);
  });
});
