/**
 * The simulator's options: what each means, its default and its bounds, checked once before a
 * simulator starts (the library API and the CLI alike).
 */
import { MAX_BOOK_LEVELS, MAX_HEARTBEAT_MS, MIN_HEARTBEAT_MS } from '../protocol/limits';
import { SCENARIOS, type Scenario } from './scenarios';

/** What to simulate and where to serve it. Every field is optional. */
export interface SimulatorOptions {
  /** Interface to listen on. Default `'127.0.0.1'` (local only). */
  host?: string;
  /** TCP port. Default 8787; 0 picks a free port (read it back from `RunningSimulator.port`). */
  port?: number;
  /** Mean market ticks per second across all market instruments. Default 2000. Matches add a few ticks/s of their own. */
  rate?: number;
  /** Number of market instruments. Default 20. */
  instruments?: number;
  /** Number of football matches. Default 6. */
  matches?: number;
  /** Seed of every random choice: the same seed and options give the same events. Default 1. */
  seed?: number;
  /** What the market and the connections go through. Default `'steady'`. */
  scenario?: Scenario;
  /** Heartbeat interval announced in `hello` and kept, ms. Default 1000. */
  heartbeatMs?: number;
  /** Connections beyond this are closed with 1013. Default 100. */
  maxClients?: number;
  /** Real ms that 90 minutes of match time take. Default 600000 (10 minutes). */
  matchDurationMs?: number;
  /**
   * Order book levels a side per market instrument, sent as `book` ticks and snapshot
   * `book` states; 0 turns books off. Default 10, at most `MAX_BOOK_LEVELS` (1000).
   */
  bookLevels?: number;
}

/** The options a simulator runs with when none are given. */
export const DEFAULT_SIMULATOR_OPTIONS: Readonly<Required<SimulatorOptions>> = {
  host: '127.0.0.1',
  port: 8787,
  rate: 2000,
  instruments: 20,
  matches: 6,
  seed: 1,
  scenario: 'steady',
  heartbeatMs: 1000,
  maxClients: 100,
  matchDurationMs: 600_000,
  bookLevels: 10,
};

/**
 * Upper bounds that keep a typo from exhausting memory; markets and matches together stay
 * within what a client accepts in one hello (`MAX_INSTRUMENTS` of the protocol).
 */
export const MAX_MARKETS = 50_000;
export const MAX_MATCHES = 1_000;
export const MAX_RATE = 100_000_000;
export const MAX_SEED = 2 ** 32 - 1;
export const MAX_CLIENTS = 100_000;
export const MIN_MATCH_DURATION_MS = 1_000;
/** The longest a Node timer waits, ms. */
export const MAX_MATCH_DURATION_MS = 2 ** 31 - 1;

/** A bad {@link SimulatorOptions} value; `option` names the field. */
export class SimulatorOptionError extends Error {
  constructor(
    /** The offending field of {@link SimulatorOptions}. */
    readonly option: keyof SimulatorOptions,
    /** What was expected and what was given. */
    readonly detail: string,
  ) {
    super(`Invalid simulator option ${option}: ${detail}`);
  }
}

function check(ok: boolean, name: keyof SimulatorOptions, expected: string, got: unknown): void {
  if (!ok) throw new SimulatorOptionError(name, `expected ${expected}, got ${String(got)}`);
}

function isIntIn(v: number, min: number, max: number): boolean {
  return Number.isSafeInteger(v) && v >= min && v <= max;
}

/** Fills in defaults and checks every option; throws a {@link SimulatorOptionError} naming the first bad one. */
export function resolveSimulatorOptions(
  options: SimulatorOptions = {},
): Required<SimulatorOptions> {
  const o = { ...DEFAULT_SIMULATOR_OPTIONS, ...stripUndefined(options) };
  check(typeof o.host === 'string' && o.host.length > 0, 'host', 'a host name or address', o.host);
  check(isIntIn(o.port, 0, 65_535), 'port', 'an integer from 0 to 65535', o.port);
  check(
    typeof o.rate === 'number' && o.rate > 0 && o.rate <= MAX_RATE,
    'rate',
    `a number of ticks/s above 0, at most ${MAX_RATE}`,
    o.rate,
  );
  check(
    isIntIn(o.instruments, 0, MAX_MARKETS),
    'instruments',
    `an integer from 0 to ${MAX_MARKETS}`,
    o.instruments,
  );
  check(
    isIntIn(o.matches, 0, MAX_MATCHES),
    'matches',
    `an integer from 0 to ${MAX_MATCHES}`,
    o.matches,
  );
  check(
    o.instruments + o.matches > 0,
    'instruments',
    'at least one instrument or match',
    o.instruments,
  );
  check(isIntIn(o.seed, 0, MAX_SEED), 'seed', `an integer from 0 to ${MAX_SEED}`, o.seed);
  check(SCENARIOS.includes(o.scenario), 'scenario', `one of ${SCENARIOS.join(', ')}`, o.scenario);
  check(
    isIntIn(o.heartbeatMs, MIN_HEARTBEAT_MS, MAX_HEARTBEAT_MS),
    'heartbeatMs',
    `an integer from ${MIN_HEARTBEAT_MS} to ${MAX_HEARTBEAT_MS}`,
    o.heartbeatMs,
  );
  check(
    isIntIn(o.maxClients, 1, MAX_CLIENTS),
    'maxClients',
    `an integer from 1 to ${MAX_CLIENTS}`,
    o.maxClients,
  );
  check(
    isIntIn(o.matchDurationMs, MIN_MATCH_DURATION_MS, MAX_MATCH_DURATION_MS),
    'matchDurationMs',
    `an integer from ${MIN_MATCH_DURATION_MS} to ${MAX_MATCH_DURATION_MS}`,
    o.matchDurationMs,
  );
  check(
    isIntIn(o.bookLevels, 0, MAX_BOOK_LEVELS),
    'bookLevels',
    `an integer from 0 to ${MAX_BOOK_LEVELS}`,
    o.bookLevels,
  );
  return o;
}

function stripUndefined(options: SimulatorOptions): SimulatorOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
