import { afterEach, describe, expect, it } from 'vitest';
import { startRelay } from '../../../relay/relay';
import { until } from '../../../test-support/batch-view';
import { testDeskEngine } from '../../../test-support/desk-engine';
import { useNatsServers } from '../../../test-support/nats-server';
import { testRelayOptions } from '../../../test-support/relay-options';
import { useSimulators } from '../../../test-support/simulators';
import type { FeedEngine } from '../engine-api';
import { staleBanner } from '../../../renderer/src/state/freshness-banner';

const nats = useNatsServers();
const sims = useSimulators({ seed: 7, rate: 200, instruments: 4, matches: 0, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** What the desk's stale banner says of its one source now. */
function bannerDetail(e: FeedEngine): string {
  const h = e.health();
  return staleBanner(h, Date.now())?.down[0]?.detail ?? '';
}

async function liveDesk() {
  const server = await nats.start();
  const sim = await sims.start();
  const relay = await startRelay(testRelayOptions(server.url, sim.url));
  closers.push(() => relay.close());
  const e = testDeskEngine(`${server.url}/sim`, closers);
  await e.start();
  await until(() => e.health().connection.state === 'live', 15_000);
  expect(e.health().source.linkDown).toBeUndefined();
  return { server, sim, relay, e };
}

// bug 235: the engine sees only its gateway on 127.0.0.1 go quiet; the banner said "no data
// from the feed" whichever link broke. Each test fails before: no `linkDown`.
describe('a NATS desk names the link that brings no data', () => {
  it('the relay, silent since its last heartbeat', async () => {
    const { relay, e } = await liveDesk();
    const closedAt = Date.now();
    await relay.close();
    await until(() => e.health().source.linkDown?.link === 'relay', 10_000);
    const since = e.health().source.linkDown!.since!;
    expect(since).toBeLessThanOrEqual(closedAt + 100);
    expect(since).toBeGreaterThan(closedAt - 1_500); // a heartbeat a second
    await until(() => e.health().connection.state !== 'live', 10_000);
    expect(bannerDetail(e)).toMatch(/the relay is silent \(last heard \d\d:\d\d:\d\d\)/);
    expect(bannerDetail(e)).not.toContain('no data from the feed');
  }, 60_000);

  it('the relay’s own feed, as the relay reports it, while the relay lives', async () => {
    const { sim, e } = await liveDesk();
    await sim.close();
    await until(() => e.health().source.linkDown?.link === 'relay-feed', 15_000);
    await until(() => e.health().connection.state !== 'live', 10_000);
    expect(bannerDetail(e)).toContain("the relay's own feed is down since ");
    // And it stays that, not "relay silent": the relay's reports stand for its heartbeat.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(e.health().source.linkDown?.link).toBe('relay-feed');
  }, 60_000);

  it('NATS, while no server answers the desk', async () => {
    const { server, e } = await liveDesk();
    await server.kill();
    await until(() => e.health().source.linkDown?.link === 'nats', 10_000);
    await until(() => e.health().connection.state !== 'live', 10_000);
    expect(bannerDetail(e)).toMatch(/NATS is down since \d\d:\d\d:\d\d/);
    await server.restart();
    await until(() => e.health().connection.state === 'live', 30_000);
    expect(e.health().source.linkDown).toBeUndefined();
  }, 60_000);
});
