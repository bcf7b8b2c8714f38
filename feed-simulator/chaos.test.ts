import { afterEach, expect, it } from 'vitest';
import { CLOSE_CODES } from '../protocol/feed';
import { startSimulator, type RunningSimulator } from './index';
import { TestClient, continuityViolation } from '../test-support/protocol-client';

let sim: RunningSimulator | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await sim?.close();
});

// Chaos is drawn per connection from the seed, so with seed 101 the first three connections
// meet, within 5 s: a disconnect (1st, ~2.6 s), dropped frames (2nd, ~3.2 s), a stall (3rd, ~2.8 s).
it('chaos disconnects with 4001, drops frames leaving seq gaps, and stalls an open socket', async () => {
  sim = await startSimulator({
    port: 0,
    scenario: 'chaos',
    seed: 101,
    instruments: 3,
    matches: 0,
    rate: 1500,
    heartbeatMs: 100,
  });
  const arrivals: number[][] = [];
  for (let k = 0; k < 3; k++) {
    const client = await TestClient.connect(sim.url);
    clients.push(client);
    const times: number[] = [];
    arrivals.push(times);
    client.ws.on('message', () => times.push(Date.now()));
    client.request({ op: 'subscribe', instruments: ['*'] });
  }
  const [disconnected, dropped, stalled] = clients as [TestClient, TestClient, TestClient];
  const closed = await disconnected.closed;
  expect(closed).toEqual({ code: CLOSE_CODES.CHAOS_DISCONNECT, reason: 'chaos: disconnect' });
  await dropped.waitFor((ms) => (continuityViolation(ms) ? true : undefined), 'a seq gap', 4000);
  // Heartbeats come every 100 ms, so a second of silence on an open socket is the stall.
  const times = arrivals[2]!;
  const longestSilenceMs = () =>
    Math.max(Date.now() - times.at(-1)!, ...times.slice(1).map((t, i) => t - times[i]!));
  const deadline = Date.now() + 4000;
  while (longestSilenceMs() < 1000 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(longestSilenceMs()).toBeGreaterThanOrEqual(1000);
  expect(stalled.ws.readyState).toBe(stalled.ws.OPEN);
});
