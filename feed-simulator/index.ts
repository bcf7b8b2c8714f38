/**
 * The feed simulator's library API: start a seeded market and sports feed speaking the
 * Tickdeck wire protocol (docs/PROTOCOL.md) on a local WebSocket port. The desktop app embeds it as
 * its default feed; tests and load tools start it on port 0.
 */
import { performance } from 'node:perf_hooks';
import { FeedServer } from './server';
import { Simulation } from './simulation';
import { resolveSimulatorOptions, type SimulatorOptions } from './simulator-options';

export type { Scenario } from './scenarios';
export { SCENARIOS } from './scenarios';
export {
  DEFAULT_SIMULATOR_OPTIONS,
  SimulatorOptionError,
  resolveSimulatorOptions,
  type SimulatorOptions,
} from './simulator-options';

/** Throughput of a running simulator. */
export interface SimulatorStats {
  /** Connected clients (not counting ones being closed). */
  clients: number;
  /** Ticks generated over the last second. */
  ticksPerSec: number;
  /** Bytes sent to all clients over the last second. */
  bytesPerSec: number;
  /** Ticks generated since start. */
  ticksTotal: number;
}

/** A simulator that is listening. */
export interface RunningSimulator {
  /** Where clients connect, e.g. `ws://127.0.0.1:8787`. */
  readonly url: string;
  /** The port bound (the free port chosen when 0 was asked for). */
  readonly port: number;
  /** Current throughput. */
  stats(): SimulatorStats;
  /** Closes every client with 1001 ("going away") and stops listening. */
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/**
 * Starts a simulator and resolves once it is listening. Rejects with a
 * {@link SimulatorOptionError} naming the option when an option is invalid, or with the listen error (e.g. `EADDRINUSE`).
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const o = resolveSimulatorOptions(options);
  const sim = new Simulation(o, performance.now(), Date.now());
  const server = await FeedServer.start(sim, {
    host: o.host,
    port: o.port,
    heartbeatMs: o.heartbeatMs,
    maxClients: o.maxClients,
    scenario: o.scenario,
    seed: o.seed,
    serverName: `tickdeck-simulator/${VERSION} seed=${o.seed} scenario=${o.scenario}`,
  });
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `ws://${host}:${server.port}`,
    port: server.port,
    stats: () => server.stats(),
    close: () => server.close(),
  };
}
