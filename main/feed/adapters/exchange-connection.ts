/**
 * Runs one exchange translator over a real socket, honouring the feed's rules: subscriptions
 * on open, replies (Polymarket `pong`), resubscription after gaps and checksum mismatches,
 * the outbound rate limit, the application keepalive, stall detection, reconnect with backoff
 * and renewal before the exchange's connection-age limit. The engine's feed client does the
 * same through {@link exchangeProtocol}; this runner is what tests, scripts and recordings use
 * to drive an adapter end to end without the engine.
 */
import WebSocket from 'ws';
import type { Exchange } from '../../../protocol/feed-target';
import { createTranslator } from './index';
import { SendLimiter } from './send-limiter';
import type { AdapterContext, Translation, Translator } from './translator';
import { createAdapterContext } from './translator';

const RECONNECT_BASE_MS = 250;
const RECONNECT_CAP_MS = 15_000;
/** A feed silent for this many heartbeat intervals is stalled. */
const STALL_HEARTBEATS = 3;
/** Largest frame accepted; Kraken's instrument snapshot is a few hundred KB. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export interface ExchangeConnectionOptions {
  readonly exchange: Exchange;
  readonly symbols: readonly string[];
  /** Overrides the exchange's default endpoint (`--feed-endpoint`). */
  readonly endpoint?: string | null;
  /** Every frame's translation, with the time it was received. */
  readonly onTranslation?: (translation: Translation, receivedAt: number) => void;
  /** Raw frames as received, before translation (recording stores these). */
  readonly onFrame?: (text: string, receivedAt: number) => void;
  readonly onState?: (state: 'open' | 'closed', detail: string) => void;
  /** Overrides of the feed's rules, for tests. */
  readonly maxConnectionAgeMs?: number;
  readonly stallMs?: number;
  readonly reconnectDelayMs?: (attempt: number) => number;
}

/** Counters a health bar shows. */
export interface ConnectionStats {
  connects: number;
  reconnects: number;
  frames: number;
  ticks: number;
  malformed: number;
  exchangeErrors: number;
  gaps: number;
  checksumMismatches: number;
  resyncs: number;
  stalls: number;
  ageRenewals: number;
  sent: number;
  lastError: string | null;
}

export class ExchangeConnection {
  readonly stats: ConnectionStats = {
    connects: 0,
    reconnects: 0,
    frames: 0,
    ticks: 0,
    malformed: 0,
    exchangeErrors: 0,
    gaps: 0,
    checksumMismatches: 0,
    resyncs: 0,
    stalls: 0,
    ageRenewals: 0,
    sent: 0,
    lastError: null,
  };
  readonly context: AdapterContext = createAdapterContext();
  private socket: WebSocket | null = null;
  private translator: Translator | null = null;
  private limiter: SendLimiter | null = null;
  private timers: NodeJS.Timeout[] = [];
  private stallTimer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly options: ExchangeConnectionOptions) {}

  /** The URL the next connection goes to. */
  get url(): string {
    return this.newTranslator().url(this.options.endpoint ?? null);
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes the socket and cancels every timer; resolves once the socket is closed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const socket = this.socket;
    this.teardown();
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.terminate();
      });
    }
  }

  private newTranslator(): Translator {
    return createTranslator(this.options.exchange, this.options.symbols, this.context);
  }

  private connect(): void {
    const t = this.newTranslator();
    this.translator = t;
    const socket = new WebSocket(t.url(this.options.endpoint ?? null), {
      maxPayload: MAX_FRAME_BYTES,
    });
    this.socket = socket;
    // `ws` answers protocol pings itself (autoPong), as Binance requires; a ping still proves life.
    socket.on('ping', () => this.alive());
    socket.on('open', () => this.opened(socket, t));
    socket.on('message', (data, isBinary) => {
      if (socket === this.socket && !isBinary) this.frame(String(data));
    });
    socket.on('error', (error) => {
      this.stats.lastError = `${t.exchange}: ${error.message}`;
    });
    socket.on('close', (code, reason) => {
      if (socket !== this.socket) return;
      this.teardown();
      this.options.onState?.('closed', `${code} ${String(reason)}`.trim());
      if (!this.stopped) this.scheduleReconnect();
    });
  }

  private opened(socket: WebSocket, t: Translator): void {
    this.stats.connects++;
    this.attempt = 0;
    this.limiter = new SendLimiter(t.rules.maxSendPerSecond, (frame) => {
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(frame);
        this.stats.sent++;
      }
    });
    // Coinbase disconnects clients that do not subscribe within 5 s: subscribe at once.
    this.limiter.push(...t.onOpen());
    const maxAge = this.options.maxConnectionAgeMs ?? t.rules.maxConnectionAgeMs;
    if (maxAge !== undefined) {
      this.timers.push(
        setTimeout(() => {
          this.stats.ageRenewals++;
          this.renew('connection age limit');
        }, maxAge),
      );
    }
    const keepalive = t.rules.keepalive;
    if (keepalive)
      this.timers.push(
        setInterval(() => this.limiter?.push(keepalive.frame()), keepalive.intervalMs),
      );
    this.alive();
    this.options.onState?.('open', t.url(this.options.endpoint ?? null));
  }

  private frame(text: string): void {
    const t = this.translator;
    if (!t) return;
    const receivedAt = Date.now();
    this.alive();
    this.options.onFrame?.(text, receivedAt);
    const r = t.onMessage(text, receivedAt);
    this.stats.frames++;
    this.stats.ticks += r.ticks.length;
    for (const e of r.errors ?? []) {
      if (e.kind === 'malformed') this.stats.malformed++;
      else this.stats.exchangeErrors++;
      this.stats.lastError = e.message;
    }
    if (r.reply) this.limiter?.push(...r.reply);
    if (r.resync) {
      for (const need of r.resync) {
        if (need.reason === 'gap') this.stats.gaps++;
        else this.stats.checksumMismatches++;
        this.stats.lastError = need.message;
      }
      const frames = t.resyncFrames([...new Set(r.resync.map((n) => n.instrument))]);
      this.stats.resyncs++;
      if (frames.length > 0) this.limiter?.push(...frames);
      else this.renew('resync by reconnecting');
    }
    this.options.onTranslation?.(r, receivedAt);
    if (r.reconnect) this.renew(r.reconnect);
  }

  private alive(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    const t = this.translator;
    if (!t) return;
    const stallMs = this.options.stallMs ?? t.rules.heartbeatMs * STALL_HEARTBEATS;
    this.stallTimer = setTimeout(() => {
      this.stats.stalls++;
      this.renew(`no frame for ${stallMs} ms`);
    }, stallMs);
  }

  /** Drops this connection on purpose and reconnects at once. */
  private renew(reason: string): void {
    this.stats.lastError = `${this.translator?.exchange}: ${reason}`;
    this.attempt = 0;
    this.socket?.terminate();
  }

  private scheduleReconnect(): void {
    this.stats.reconnects++;
    const delay =
      this.options.reconnectDelayMs?.(this.attempt) ??
      Math.floor(Math.random() * Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** this.attempt));
    this.attempt++;
    this.retry = setTimeout(() => this.connect(), delay);
  }

  private teardown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.limiter?.clear();
    this.limiter = null;
  }
}
