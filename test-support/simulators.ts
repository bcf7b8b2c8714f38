/**
 * Test fixture: simulators on port 0 and protocol clients that are all closed after each test.
 * Call `useSimulators()` at the top of a test file.
 */
import { afterEach } from 'vitest';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../feed-simulator/index';
import { TestClient } from './protocol-client';

export function useSimulators(defaults: SimulatorOptions = {}) {
  const running: RunningSimulator[] = [];
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await Promise.all(running.splice(0).map((sim) => sim.close()));
  });
  return {
    async start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
      const sim = await startSimulator({ port: 0, ...defaults, ...options });
      running.push(sim);
      return sim;
    },
    async connect(
      sim: RunningSimulator,
      options?: Parameters<typeof TestClient.connect>[1],
    ): Promise<TestClient> {
      const client = await TestClient.connect(sim.url, options);
      clients.push(client);
      return client;
    },
  };
}
