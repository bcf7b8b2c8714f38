import { describe, expect, it } from 'vitest';
import { natsNames } from '../../../protocol/nats';
import { sourceDownMessage } from '../../../protocol/nats-source-down';
import { LinkWatch, RELAY_SILENT_MS } from './link-watch';

const T0 = 1_765_000_000_000;

function watchAt() {
  const clock = { now: T0 };
  const watch = new LinkWatch(natsNames('tickdeck', 'sim'), T0, () => clock.now);
  return { watch, clock };
}

// bug 235. The real chain (nats-server, relay, desk) is nats-gateway.links.test.ts.
describe('which link of a NATS desk brings no data', () => {
  it('is NATS until a connection is made, then the relay once its heartbeats stop', () => {
    const { watch, clock } = watchAt();
    watch.lost('NATS at 127.0.0.1:4222: CONNECTION_REFUSED (attempt 2)');
    expect(watch.linkDown()).toEqual({
      link: 'nats',
      since: T0,
      reason: 'NATS at 127.0.0.1:4222: CONNECTION_REFUSED (attempt 2)',
    });
    watch.follow(fakeConnection());
    // Not called silent in its first seconds: the relay's first heartbeat is on its way.
    expect(watch.linkDown()).toBeUndefined();
    clock.now += RELAY_SILENT_MS + 1;
    expect(watch.linkDown()).toEqual({ link: 'relay', since: null, reason: null });
    watch.heartbeat();
    const heardAt = clock.now;
    clock.now += RELAY_SILENT_MS;
    expect(watch.linkDown()).toBeUndefined();
    clock.now += 1;
    expect(watch.linkDown()).toEqual({ link: 'relay', since: heardAt, reason: null });
  });

  it('is the relay’s feed while the relay says so, since its first report', () => {
    const { watch, clock } = watchAt();
    watch.follow(fakeConnection());
    watch.heartbeat();
    const down = sourceDownMessage({ state: 'stalled', silentMs: 3_000 });
    clock.now += 1_000;
    const first = clock.now;
    watch.sourceDown(down);
    clock.now += 1_000;
    watch.sourceDown(down);
    expect(watch.linkDown()).toEqual({
      link: 'relay-feed',
      since: first,
      reason: 'stalled: no data for 3.0 s',
    });
    // The relay gone after it: silent since its last report.
    const lastReport = clock.now;
    clock.now += RELAY_SILENT_MS + 1;
    expect(watch.linkDown()).toEqual({ link: 'relay', since: lastReport, reason: null });
    // Its feed back: its heartbeat clears the report.
    watch.heartbeat();
    expect(watch.linkDown()).toBeUndefined();
    // A malformed report is the relay heard, not a feed down.
    watch.sourceDown('{"op":"source-down"}');
    expect(watch.linkDown()).toBeUndefined();
  });
});

/** A connection whose subjects stay quiet and whose status never changes. */
function fakeConnection(): Parameters<LinkWatch['follow']>[0] {
  const quiet = { unsubscribe: () => {} };
  const never: AsyncIterator<never> = { next: () => new Promise(() => {}) };
  return {
    subscribe: () => quiet,
    status: () => ({ [Symbol.asyncIterator]: () => never }),
  } as unknown as Parameters<LinkWatch['follow']>[0];
}
