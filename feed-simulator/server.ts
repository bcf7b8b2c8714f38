/**
 * The WebSocket server: accepts connections (up to a limit), greets each with `hello`, routes
 * requests, and on a fixed cadence advances the simulation and hands the new interval's ticks to every
 * subscriber. Also sends heartbeats, pings to find dead peers, enforces the frame-size and
 * request-rate limits, and keeps the throughput counters.
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import type { HelloMessage } from '../protocol/feed';
import { CLOSE_CODES, MAX_CLIENT_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/feed';
import { requestIdOf } from '../protocol/decode';
import { IntervalTicks } from './interval-ticks';
import { errorStatusJson, handleRequest, RequestLimiter, REQUESTS_PER_SEC } from './requests';
import { Rng } from './rng';
import { ChaosSchedule, type Scenario } from './scenarios';
import { Subscriber } from './subscriber';
import type { Simulation } from './simulation';
import { listenSockets, type ListeningSockets } from '../net/socket-server';

/** How often frames are built and sent: ticks of this interval share one message per client. */
const FRAME_INTERVAL_MS = 10;
/** WebSocket pings go out every this many heartbeats; a peer missing one ping is cut at the next. */
const HEARTBEATS_PER_PING = 5;
/** Throughput counters are turned into rates over this window. */
const STATS_WINDOW_MS = 1_000;
/** On shutdown, clients get this long to complete the close handshake before being cut. */
const SHUTDOWN_GRACE_MS = 2_000;

/** How the server listens and behaves; the simulation is built by the caller. */
export interface FeedServerOptions {
  readonly host: string;
  readonly port: number;
  readonly heartbeatMs: number;
  readonly maxClients: number;
  readonly scenario: Scenario;
  /** Seeds the per-connection chaos schedules. */
  readonly seed: number;
  /** `hello.server`. */
  readonly serverName: string;
}

/** Throughput, as counted by the server. */
export interface FeedServerStats {
  readonly clients: number;
  readonly ticksPerSec: number;
  readonly bytesPerSec: number;
  readonly ticksTotal: number;
}

/** A listening feed server. */
export class FeedServer {
  private readonly subscribers = new Set<Subscriber>();
  private readonly timers: NodeJS.Timeout[] = [];
  private connections = 0;
  private window = { ticks: 0, bytes: 0 };
  private rates = { ticksPerSec: 0, bytesPerSec: 0 };
  private readonly helloJson: string;
  /** Reused every pump: its columns keep their memory from interval to interval. */
  private readonly interval = new IntervalTicks();

  /** The port actually bound (differs from options.port when that was 0). */
  readonly port: number;

  private constructor(
    private readonly listener: ListeningSockets,
    private readonly sim: Simulation,
    private readonly options: FeedServerOptions,
  ) {
    this.port = listener.port;
    const hello: HelloMessage = {
      op: 'hello',
      protocol: PROTOCOL_VERSION,
      heartbeatMs: options.heartbeatMs,
      instruments: sim.instruments,
      server: options.serverName,
    };
    this.helloJson = JSON.stringify(hello);
    const every = (ms: number, run: () => void) => this.timers.push(setInterval(run, ms));
    every(FRAME_INTERVAL_MS, () => this.pump());
    every(options.heartbeatMs, () => this.heartbeat());
    every(options.heartbeatMs * HEARTBEATS_PER_PING, () => this.ping());
    every(STATS_WINDOW_MS, () => this.rollStats());
  }

  /** Binds the server; rejects with the listen error (e.g. the port is taken). */
  static async start(sim: Simulation, options: FeedServerOptions): Promise<FeedServer> {
    // Set before the first connection can arrive: that is a later event-loop turn.
    let server: FeedServer | null = null;
    const listener = await listenSockets({
      host: options.host,
      port: options.port,
      maxPayloadBytes: MAX_CLIENT_FRAME_BYTES,
      onConnection: (ws) => server!.accept(ws),
    });
    server = new FeedServer(listener, sim, options);
    return server;
  }

  /** Current throughput. */
  stats(): FeedServerStats {
    let clients = 0;
    for (const subscriber of this.subscribers) if (!subscriber.closing) clients++;
    return { clients, ...this.rates, ticksTotal: this.sim.ticksTotal };
  }

  /** Closes every client with 1001, waits for them (briefly), then stops listening. */
  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    const closed = [...this.subscribers].map((subscriber) => subscriber.closed);
    for (const subscriber of this.subscribers)
      subscriber.close(CLOSE_CODES.GOING_AWAY, 'server shutting down');
    const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(closed), grace]);
    for (const subscriber of this.subscribers) subscriber.terminate();
    // Sockets refused at the client limit may still be closing: they are cut here.
    await this.listener.close(CLOSE_CODES.GOING_AWAY, 'server shutting down', 0);
  }

  private accept(ws: WebSocket): void {
    if (this.subscribers.size >= this.options.maxClients) {
      ws.close(CLOSE_CODES.TRY_AGAIN_LATER, `server full: ${this.options.maxClients} clients`);
      return;
    }
    const nowMs = performance.now();
    const chaos =
      this.options.scenario === 'chaos'
        ? new ChaosSchedule(new Rng(this.options.seed * 1_000_003 + ++this.connections), nowMs)
        : null;
    const subscriber = new Subscriber(ws, this.sim, chaos, (bytes) => (this.window.bytes += bytes));
    const limiter = new RequestLimiter(nowMs);
    this.subscribers.add(subscriber);
    subscriber.closed.then(() => this.subscribers.delete(subscriber));
    subscriber.send(this.helloJson);
    ws.on('message', (data, isBinary) => {
      if (subscriber.closing) return;
      const text = data.toString();
      if (!limiter.take(performance.now())) {
        const message = `request flood: more than ${REQUESTS_PER_SEC} requests/s; closing`;
        subscriber.send(errorStatusJson(null, 'RATE_LIMITED', message));
        subscriber.close(CLOSE_CODES.POLICY_VIOLATION, 'request flood');
      } else if (isBinary) {
        subscriber.send(
          errorStatusJson(null, 'BAD_REQUEST', 'binary frames are not accepted; send JSON text'),
        );
      } else {
        try {
          handleRequest(text, subscriber, this.sim);
        } catch (err) {
          // A bug in request handling must cost this request, not the server.
          subscriber.send(errorStatusJson(requestIdOf(text), 'INTERNAL', (err as Error).message));
        }
      }
    });
  }

  private pump(): void {
    const interval = this.interval;
    interval.reset();
    const nowMs = performance.now();
    this.sim.advance(nowMs, Date.now(), interval);
    this.window.ticks += interval.length;
    for (const subscriber of this.subscribers) subscriber.deliver(interval, nowMs);
  }

  private heartbeat(): void {
    const nowMs = performance.now();
    const text = JSON.stringify({ op: 'heartbeat', ts: Date.now() });
    for (const subscriber of this.subscribers) subscriber.heartbeat(text, nowMs);
  }

  private ping(): void {
    const nowMs = performance.now();
    for (const subscriber of this.subscribers) subscriber.ping(nowMs);
  }

  private rollStats(): void {
    const perSec = 1000 / STATS_WINDOW_MS;
    this.rates = {
      ticksPerSec: this.window.ticks * perSec,
      bytesPerSec: this.window.bytes * perSec,
    };
    this.window = { ticks: 0, bytes: 0 };
  }
}
