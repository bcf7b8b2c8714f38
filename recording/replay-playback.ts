/**
 * One client's replay: its own position, speed and subscriptions over a shared open
 * recording. Entries are sent when due (`anchorWall + (t - anchorPos) / speed`); at speed 0
 * as fast as the socket drains. Only data (snapshot and ticks frames) is replayed — the
 * playback speaks hello, status, heartbeat and replay state itself, like a live server.
 */
import type { WebSocket } from 'ws';
import type { ReplayInfo } from '../protocol/feed';
import { decodeClientMessage, requestIdOf } from '../protocol/decode';
import type { ClientMessage } from '../protocol/feed-requests';
import type { Recording } from './recording-reader';
import { Pacer } from './pacer';
import { REPLAY_STATE_INTERVAL_MS, ReplayChannel } from './replay-channel';
import { ReplayCursor } from './replay-cursor';
import { owesSnapshot, speedFailure, unknownInstrumentFailure } from './replay-requests';
import { seek } from './seek';
import { Subscriptions } from './subscriptions';

/** Above this much unsent data the session waits for the client instead of queueing more. */
export const MAX_BACKPRESSURE_BYTES = 4 * 1024 * 1024;
/** Entries sent between yields to the event loop at speed 0, so controls stay responsive. */
const BURST_ENTRIES = 2_000;
/**
 * Shortest loop, wall ms. A recording whose entries share one instant plays in no time: looping
 * it at once would send `seeked` states without end and never yield to the event loop, locking
 * every other client (and, in the app, the engine) out.
 */
export const MIN_LOOP_MS = 100;

export class ReplayPlayback {
  private position: number;
  private playing = true;
  private until: number | null = null;
  private readonly pacer = new Pacer();
  private readonly cursor: ReplayCursor;
  private readonly subs = new Subscriptions();
  /** Rises on every change of plan, so a pump or seek that awaited knows it is stale. */
  private gen = 0;
  private running = false;
  private readonly channel: ReplayChannel;
  /** How many instruments the last hello named. */
  private announced = 0;
  /** When playback last started from the top, performance.now() ms. */
  private loopStartedAt = performance.now();

  constructor(
    ws: WebSocket,
    private readonly recording: Recording,
    private speed: number,
    private readonly loop: boolean,
  ) {
    this.position = recording.start;
    this.cursor = new ReplayCursor(recording);
    this.channel = new ReplayChannel(
      ws,
      {
        request: (text) => this.onRequest(text),
        failed: (id, err) => this.fail(id, err),
        tick: () => {
          if (this.subs.active) this.sendState();
        },
        closed: () => this.stop(),
      },
      () => this.position,
    );
    this.hello();
  }

  info(): ReplayInfo {
    const { start, end } = this.recording;
    const { position, playing, speed, loop } = this;
    return { start, end, position, playing, speed, loop };
  }

  /**
   * Announces the recording's instruments. An exchange recording is translated as it plays, so
   * its list can grow (a game first seen an hour in): a new hello then precedes that data.
   */
  private hello(): void {
    this.announced = this.recording.instruments.length;
    this.channel.hello(this.recording, this.info());
  }

  stop(): void {
    this.channel.stop();
    this.gen++;
    this.pacer.wake();
  }

  private sendState(seeked = false): void {
    this.channel.send(
      seeked ? { op: 'replay', state: this.info(), seeked } : { op: 'replay', state: this.info() },
    );
  }

  /** The recording could not be read further (a damaged segment): say so and pause. */
  private fail(id: number | null, err: Error): void {
    this.playing = false;
    this.channel.reply(id, { code: 'INTERNAL', message: err.message });
    this.sendState();
  }

  private async onRequest(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.channel.reply(requestIdOf(text), decoded.error);
    const req = decoded.value;
    if (req.op === 'replay') return this.onControl(req);
    if (req.op === 'unsubscribe') {
      this.subs.remove(req.instruments);
      return this.channel.reply(req.id);
    }
    const refused = unknownInstrumentFailure(this.recording.instruments, req.instruments);
    if (refused) return this.channel.reply(req.id, refused);
    // Before anything was played the recording's own snapshots follow for whatever is
    // subscribed; later, the ones the request is owed (./replay-requests.ts).
    const atStart = this.cursor.atStart;
    const before = this.subs.copy();
    this.subs.add(req.instruments);
    this.channel.reply(req.id);
    if (!atStart || req.snapshot) {
      const { fold } = await seek(this.recording, this.position);
      for (const snap of fold.snapshots())
        if (owesSnapshot(req, before, snap.instrument)) this.channel.send(snap);
    }
    this.sendState();
    this.restart();
  }

  private async onControl(req: Extract<ClientMessage, { op: 'replay' }>): Promise<void> {
    switch (req.action) {
      case 'pause':
        this.playing = false;
        break;
      case 'resume':
        if (this.position >= this.recording.end && !this.loop)
          await this.seekTo(this.recording.start);
        this.playing = true;
        this.until = req.to !== undefined && req.to > this.position ? req.to : null;
        break;
      case 'speed': {
        const refused = speedFailure(req.speed!);
        if (refused) return this.channel.reply(req.id, refused);
        this.speed = req.speed!;
        break;
      }
      case 'seek':
        this.channel.reply(req.id);
        await this.seekTo(req.to!);
        return this.restart();
    }
    this.channel.reply(req.id);
    this.sendState();
    this.restart();
  }

  private async seekTo(t: number): Promise<void> {
    const gen = ++this.gen;
    const r = await seek(this.recording, t);
    if (gen !== this.gen) return;
    this.position = r.position;
    this.cursor.moveTo(r);
    if (this.until !== null && this.until <= this.position) this.until = null;
    this.sendState(true);
    for (const snap of r.fold.snapshots())
      if (this.subs.wants(snap.instrument)) this.channel.send(snap);
  }

  /** (Re)starts the pump after any change: new anchor, new generation. */
  private restart(): void {
    this.gen++;
    this.pacer.wake();
    this.pacer.reanchor(this.position);
    if (!this.running) void this.pump().catch((err: Error) => this.fail(null, err));
  }

  private async pump(): Promise<void> {
    this.running = true;
    let stopped = false;
    try {
      let burst = 0;
      while (this.playing && this.subs.active && this.channel.open) {
        const gen = this.gen;
        if (this.channel.buffered > MAX_BACKPRESSURE_BYTES) {
          await this.pacer.sleep(10);
          this.pacer.reanchor(this.position);
          continue;
        }
        const e = await this.cursor.peek();
        if (gen !== this.gen) continue;
        if (!e) {
          if (!this.loop) {
            this.position = this.recording.end;
            this.playing = false;
            stopped = true;
            break;
          }
          const early = this.loopStartedAt + MIN_LOOP_MS - performance.now();
          if (early > 0) {
            await this.pacer.sleep(early);
            continue;
          }
          this.loopStartedAt = performance.now();
          await this.seekTo(this.recording.start);
          this.pacer.reanchor(this.position);
          continue;
        }
        if (this.until !== null && e.t > this.until) {
          this.position = this.until;
          this.playing = false;
          this.until = null;
          stopped = true;
          break;
        }
        if (this.speed > 0) {
          const wait = this.pacer.dueIn(e.t, this.speed);
          if (wait >= 1) {
            await this.pacer.sleep(Math.min(wait, REPLAY_STATE_INTERVAL_MS));
            continue;
          }
        }
        this.cursor.advance();
        this.position = Math.max(this.position, e.t);
        if (this.recording.instruments.length !== this.announced) this.hello();
        const text = e.kind === 'message' ? this.subs.filter(e.raw) : null;
        if (text !== null) this.channel.send(text);
        if (++burst >= BURST_ENTRIES) {
          burst = 0;
          await new Promise((r) => setImmediate(r));
        }
      }
      // The client learns at once that playback stopped by itself (end, or a `resume` target).
      if (stopped) this.sendState();
    } finally {
      this.running = false;
    }
  }
}
