/**
 * One feed-client socket served from NATS in the Tickdeck protocol: the stored `hello`, then
 * the engine's subscribes answered, each instrument opened from its stored snapshot and caught
 * up from the live messages (./instrument-catch-up.ts), then live messages as they come. It
 * subscribes to the source's subjects and hands each message to its part; the relay's
 * heartbeats also show an engine that reads too slowly.
 *
 * Which live messages are held as they came and which are parsed first: ./live-message.ts.
 * What goes to the engine, and how: ./engine-socket.ts.
 */
import type { KV } from '@nats-io/kv';
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { WebSocket } from 'ws';
import { decodeClientMessage, decodeServerMessage } from '../../../protocol/decode';
import type { NatsNames } from '../../../protocol/nats';
import { decodeLastSeqs, MAX_SEQS_BYTES } from '../../../protocol/nats-seqs';
import { EngineSocket, type Frame } from './engine-socket';
import { HeartbeatLag } from './heartbeat-lag';
import { InstrumentCatchUp } from './instrument-catch-up';
import { liveMessage } from './live-message';
import { SessionHello } from './session-hello';

const decoder = new TextDecoder();

export class NatsSession {
  private readonly subscriptions: Subscription[] = [];
  private closed = false;
  /** When the session subscribed (`performance.now()`). */
  private openedAt = Infinity;
  private instruments: readonly string[] = [];
  /** The hello's parts, from the subject and the bucket, put back together (newest wins). */
  private readonly helloParts: SessionHello;
  /** Each instrument's snapshot, then its live messages. */
  private readonly catchUp: InstrumentCatchUp;
  /** The engine asked for every instrument before the first hello named them. */
  private wantsAll = false;
  /** Whether a hello was adopted: the engine's subscribes after it are answered from it. */
  private helloAdopted = false;
  /** Each announced instrument by its live subject. */
  private liveSubjects = new Map<string, string>();
  /** How late the relay's heartbeats arrive: an engine that reads too slowly. */
  private readonly lag = new HeartbeatLag();
  private readonly engine: EngineSocket;

  constructor(
    ws: WebSocket,
    private readonly nc: NatsConnection,
    state: KV,
    private readonly names: NatsNames,
    /** Hears that the engine fell behind (./heartbeat-lag.ts), and by how much. */
    private readonly onBehind: (lagMs: number) => void = () => {},
    /** Hears each live message: the relay is up (./link-watch.ts). */
    private readonly onLive: () => void = () => {},
  ) {
    this.engine = new EngineSocket(ws);
    this.helloParts = new SessionHello(state, this.engine, (hello) => this.adoptHello(hello));
    this.catchUp = new InstrumentCatchUp(
      this.engine,
      state,
      () => this.closed,
      () => this.openedAt,
    );
    ws.on('close', () => this.close());
    ws.on('message', (data, isBinary) => {
      if (!isBinary) void this.request(data.toString());
    });
  }

  /**
   * Subscribes, then sends the stored hello. Null when open; otherwise why not: `none` when
   * the source has no stored hello yet, or why the stored one was refused.
   */
  async open(): Promise<string | null> {
    this.openedAt = performance.now();
    this.subscriptions.push(
      this.nc.subscribe(this.names.liveAll, { callback: (_err, msg) => this.live(msg) }),
      this.nc.subscribe(this.names.heartbeat, { callback: (_err, msg) => this.heartbeat(msg) }),
      this.nc.subscribe(this.names.hello, {
        callback: (_err, msg) => this.helloParts.part(msg),
      }),
      this.nc.subscribe(this.names.seqs, { callback: (_err, msg) => this.lastSeqs(msg) }),
    );
    const stored = await this.helloParts.readStored();
    // The live subject may have brought a hello meanwhile: the session has one to serve.
    if (this.closed || this.helloParts.generation > 0) return null;
    if (stored.kind === 'refused') return `the stored hello is refused: ${stored.error}`;
    return stored.kind === 'none' ? 'none' : null;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.helloParts.close();
    this.engine.close();
    for (const sub of this.subscriptions) sub.unsubscribe();
  }

  private send(frame: Frame): void {
    this.engine.send(frame);
  }

  /** Closes the engine's socket (after the ticks on their way) and stops reading NATS. */
  cut(code: number, reason: string): void {
    this.close();
    this.engine.cut(code, reason);
  }

  private heartbeat(msg: Msg): void {
    if (this.engine.refusesSize(msg)) return;
    const text = decoder.decode(msg.data);
    this.send(text);
    const decoded = decodeServerMessage(text); // once a second: cheap
    if (!decoded.ok || decoded.value.op !== 'heartbeat' || this.closed) return;
    const heard = this.lag.heard(decoded.value.ts);
    if (heard.kind === 'behind') this.onBehind(heard.lagMs);
    if (heard.kind === 'off')
      this.engine.report(
        'BAD_REQUEST',
        `NATS heartbeat on ${msg.subject} is ${Math.round(heard.offMs / 1000)} s off the relay's clock; not taken as lag`,
      );
  }

  /** Forwards a hello; instruments it adds get their snapshots. */
  private adoptHello(text: string): void {
    this.send(text); // a malformed one is counted and shown by the engine's decoder
    const decoded = decodeServerMessage(text);
    if (!decoded.ok || decoded.value.op !== 'hello') return;
    const known = new Set(this.instruments);
    this.instruments = decoded.value.instruments.map((i) => i.id);
    this.liveSubjects = new Map(this.instruments.map((id) => [this.names.live(id), id]));
    // The first hello: the engine's subscribe asks for the snapshots, unless it already did.
    // (Not "no instruments known": a first hello may announce none, and a later one some.)
    const first = !this.helloAdopted;
    this.helloAdopted = true;
    if (first && !this.wantsAll) return;
    this.wantsAll = false;
    void this.catchUp.open(this.instruments.filter((id) => !known.has(id)));
  }

  private live(msg: Msg): void {
    this.onLive();
    if (this.engine.refusesSize(msg)) return;
    const live = liveMessage(msg, this.liveSubjects.get(msg.subject), this.names.live);
    if (live.kind === 'hold') this.catchUp.hold(live.instrument, live.frame, live.range);
    else if (live.kind === 'pass') this.send(live.text);
    else
      this.engine.report(
        'BAD_REQUEST',
        `NATS message on ${msg.subject} is about ${live.instrument}; skipped`,
      );
  }

  /** The relay's last seqs, refused with the reason when malformed. */
  private lastSeqs(msg: Msg): void {
    if (this.engine.refusesSize(msg, MAX_SEQS_BYTES)) return;
    const decoded = decodeLastSeqs(decoder.decode(msg.data));
    if (!decoded.ok) {
      this.engine.report(
        'BAD_REQUEST',
        `NATS last-seq message on ${msg.subject} refused: ${decoded.error}`,
      );
      return;
    }
    this.catchUp.announce(decoded.seqs);
  }

  /** A request of the engine's feed client: subscribes ask for snapshots, all are answered. */
  private async request(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.engine.report('BAD_REQUEST', decoded.error.message);
    const message = decoded.value;
    if (message.op !== 'subscribe') {
      this.send(
        JSON.stringify({
          op: 'status',
          id: message.id,
          ok: false,
          error: { code: 'NOT_REPLAY', message: `${message.op} is not served from NATS` },
        }),
      );
      return;
    }
    this.send(JSON.stringify({ op: 'status', id: message.id, ok: true }));
    // Stored history is not replayed per instrument here: a resume gets a fresh snapshot.
    const all = message.instruments.includes('*');
    // A subscribe can overtake the stored hello (read after the socket opened): the hello
    // then sends the snapshots.
    if (all && !this.helloAdopted) this.wantsAll = true;
    await this.catchUp.open(all ? this.instruments : message.instruments);
  }
}
