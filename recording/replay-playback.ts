/**
 * One client's replay: its own position, speed and subscriptions over a shared open
 * recording. Entries are sent when due (`anchorWall + (t - anchorPos) / speed`); at speed 0
 * as fast as the socket drains. Only data (snapshot and ticks frames) is replayed — the
 * playback speaks hello, status, heartbeat and replay state itself, like a live server.
 */
import { basename } from 'node:path';
import type { WebSocket } from 'ws';
import type { ErrorCode, ReplayInfo, ServerMessage } from '../protocol/feed';
import { decodeClientMessage, requestIdOf } from '../protocol/decode';
import type { ClientMessage } from '../protocol/feed';
import { PROTOCOL_VERSION } from '../protocol/feed';
import type { Recording } from './recording-reader';
import { Pacer } from './pacer';
import { ReplayCursor } from './replay-cursor';
import { seek } from './seek';
import { Subscriptions } from './subscriptions';

/** Heartbeat and replay-state cadence, ms. */
export const REPLAY_STATE_INTERVAL_MS = 1_000;
/** Above this much unsent data the session waits for the client instead of queueing more. */
export const MAX_BACKPRESSURE_BYTES = 4 * 1024 * 1024;
/** Allowed speed factors besides 0 (as fast as possible). */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 100;
/** Entries sent between yields to the event loop at speed 0, so controls stay responsive. */
const BURST_ENTRIES = 2_000;

type Failure = { code: ErrorCode; message: string };

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
  private sentSinceTick = false;
  private requests: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  /** How many instruments the last hello named. */
  private announced = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly recording: Recording,
    private speed: number,
    private readonly loop: boolean,
  ) {
    this.position = recording.start;
    this.cursor = new ReplayCursor(recording);
    this.hello();
    // Requests are handled one at a time, in order: a seek must land before the resume after it.
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      this.requests = this.requests
        .then(() => this.onRequest(text))
        .catch((err: Error) => this.fail(requestIdOf(text), err));
    });
    ws.on('close', () => this.stop());
    this.timer = setInterval(() => {
      if (!this.sentSinceTick) this.send({ op: 'heartbeat', ts: this.position });
      if (this.subs.active) this.sendState();
      this.sentSinceTick = false;
    }, REPLAY_STATE_INTERVAL_MS);
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
    const { instruments, dir } = this.recording;
    this.announced = instruments.length;
    this.send({
      op: 'hello',
      protocol: PROTOCOL_VERSION,
      heartbeatMs: REPLAY_STATE_INTERVAL_MS,
      instruments,
      // The folder's name only: a path would tell any client where the user keeps files.
      server: `tickdeck-replay/1 ${basename(dir)}`,
      replay: this.info(),
    });
  }

  stop(): void {
    clearInterval(this.timer);
    this.gen++;
    this.pacer.wake();
  }

  private send(message: ServerMessage | string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    this.sentSinceTick = true;
  }

  private sendState(seeked = false): void {
    this.send(
      seeked ? { op: 'replay', state: this.info(), seeked } : { op: 'replay', state: this.info() },
    );
  }

  private reply(id: number | null, error?: Failure): void {
    if (error) this.send({ op: 'status', id, ok: false, error });
    else if (id !== null) this.send({ op: 'status', id, ok: true });
  }

  /** The recording could not be read further (a damaged segment): say so and pause. */
  private fail(id: number | null, err: Error): void {
    this.playing = false;
    this.reply(id, { code: 'INTERNAL', message: err.message });
    this.sendState();
  }

  private async onRequest(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.reply(requestIdOf(text), decoded.error);
    const req = decoded.value;
    if (req.op === 'replay') return this.onControl(req);
    if (req.op === 'unsubscribe') {
      this.subs.remove(req.instruments);
      return this.reply(req.id);
    }
    const known = new Set(this.recording.instruments.map((i) => i.id));
    const unknown = req.instruments.find((id) => id !== '*' && known.size > 0 && !known.has(id));
    if (unknown)
      return this.reply(req.id, {
        code: 'UNKNOWN_INSTRUMENT',
        message: `no instrument "${unknown}" in this recording`,
      });
    // Before anything was played the recording's own snapshots follow for whatever is
    // subscribed; later, an instrument gets the current state when it is new to this client,
    // asked with `snapshot`, or resumed (a replay cannot replay from the client's seq). So a
    // resume sent in several frames, then `["*"]` for the rest, snapshots each instrument once.
    const atStart = this.cursor.atStart;
    const before = this.subs.copy();
    this.subs.add(req.instruments);
    this.reply(req.id);
    if (!atStart || req.snapshot) {
      const ids = req.instruments;
      const owed = (id: string) =>
        (ids.includes('*') || ids.includes(id)) &&
        (req.snapshot === true || !before.wants(id) || Object.hasOwn(req.resume ?? {}, id));
      const { fold } = await seek(this.recording, this.position);
      for (const snap of fold.snapshots()) if (owed(snap.instrument)) this.send(snap);
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
        const s = req.speed!;
        if (s !== 0 && (s < MIN_SPEED || s > MAX_SPEED))
          return this.reply(req.id, {
            code: 'BAD_REQUEST',
            message: `replay.speed: expected 0 or ${MIN_SPEED} to ${MAX_SPEED}, got ${s}`,
          });
        this.speed = s;
        break;
      }
      case 'seek':
        this.reply(req.id);
        await this.seekTo(req.to!);
        return this.restart();
    }
    this.reply(req.id);
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
    for (const snap of r.fold.snapshots()) if (this.subs.wants(snap.instrument)) this.send(snap);
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
      while (this.playing && this.subs.active && this.ws.readyState === this.ws.OPEN) {
        const gen = this.gen;
        if (this.ws.bufferedAmount > MAX_BACKPRESSURE_BYTES) {
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
        if (text !== null) this.send(text);
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
