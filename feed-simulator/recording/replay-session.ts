/**
 * One client's replay: its own position, speed and subscriptions over a shared open
 * recording. Entries are sent when due (`anchorWall + (t - anchorPos) / speed`); at speed 0
 * as fast as the socket drains. Only data (snapshot and ticks messages) is replayed — the
 * session speaks hello, status, heartbeat and replay state itself, like a live server.
 */
import type { WebSocket } from 'ws';
import type { ReplayInfo, ServerMessage, Tick } from '../../protocol/feed';
import { decodeClientMessage, requestIdOf } from '../../protocol/decode';
import { PROTOCOL_VERSION } from '../../protocol/feed';
import type { Recording } from './recording-reader';
import { seek } from './seek';

/** Heartbeat and replay-state cadence, ms. */
export const REPLAY_STATE_INTERVAL_MS = 1_000;
/** Above this much unsent data the session waits for the client instead of queueing more. */
export const MAX_BACKPRESSURE_BYTES = 4 * 1024 * 1024;
/** Allowed speed factors besides 0 (as fast as possible). */
export const MIN_SPEED = 0.25;
export const MAX_SPEED = 100;
/** Entries sent between yields to the event loop at speed 0, so controls stay responsive. */
const BURST_ENTRIES = 2_000;

export class ReplaySession {
  private position: number;
  private playing: boolean;
  private segment = 0;
  private entry = 0;
  private anchorWall = 0;
  private anchorPos = 0;
  private until: number | null = null;
  private subs: Set<string> | 'all' | null = null;
  private gen = 0;
  private running = false;
  private sentSinceTick = false;
  private wake: (() => void) | null = null;
  private requests: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly recording: Recording,
    private speed: number,
    private loop: boolean,
  ) {
    this.position = recording.start;
    this.playing = true;
    this.send({
      op: 'hello',
      protocol: PROTOCOL_VERSION,
      heartbeatMs: REPLAY_STATE_INTERVAL_MS,
      instruments: recording.instruments,
      server: `tickdeck-replay/1 ${recording.dir}`,
      replay: this.info(),
    });
    // Requests are handled one at a time, in order: a seek must land before the resume after it.
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      this.requests = this.requests
        .then(() => this.onRequest(text))
        .catch(() => this.ws.terminate());
    });
    ws.on('close', () => this.stop());
    this.timer = setInterval(() => {
      if (!this.sentSinceTick) this.send({ op: 'heartbeat', ts: this.position });
      if (this.subs) this.send({ op: 'replay', state: this.info() });
      this.sentSinceTick = false;
    }, REPLAY_STATE_INTERVAL_MS);
  }

  info(): ReplayInfo {
    const { start, end } = this.recording;
    const { position, playing, speed, loop } = this;
    return { start, end, position, playing, speed, loop };
  }

  stop(): void {
    clearInterval(this.timer);
    this.gen++;
    this.wake?.();
  }

  private send(message: ServerMessage | string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
    this.sentSinceTick = true;
  }

  private reply(
    id: number | null,
    error?: {
      code: 'BAD_REQUEST' | 'UNKNOWN_INSTRUMENT' | 'BAD_JSON' | 'UNKNOWN_OP';
      message: string;
    },
  ): void {
    if (error) this.send({ op: 'status', id, ok: false, error });
    else if (id !== null) this.send({ op: 'status', id, ok: true });
  }

  private async onRequest(text: string): Promise<void> {
    const decoded = decodeClientMessage(text);
    if (!decoded.ok) return this.reply(requestIdOf(text), decoded.error);
    const req = decoded.value;
    if (req.op === 'subscribe') {
      const known = new Set(this.recording.instruments.map((i) => i.id));
      const unknown = req.instruments.find((id) => id !== '*' && known.size > 0 && !known.has(id));
      if (unknown)
        return this.reply(req.id, {
          code: 'UNKNOWN_INSTRUMENT',
          message: `no instrument "${unknown}" in this recording`,
        });
      const fresh = this.subs === null && this.segment === 0 && this.entry === 0;
      if (req.instruments.includes('*')) this.subs = 'all';
      else if (this.subs !== 'all') this.subs = new Set([...(this.subs ?? []), ...req.instruments]);
      this.reply(req.id);
      // At the very start the recording's own snapshots follow; later, send the current state.
      if (!fresh || req.snapshot) await this.sendSnapshots(req.instruments);
      this.send({ op: 'replay', state: this.info() });
      return this.restart();
    }
    if (req.op === 'unsubscribe') {
      if (req.instruments.includes('*')) this.subs = new Set();
      else if (this.subs instanceof Set) for (const id of req.instruments) this.subs.delete(id);
      return this.reply(req.id);
    }
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
    this.send({ op: 'replay', state: this.info() });
    this.restart();
  }

  private async sendSnapshots(ids: readonly string[] | 'all'): Promise<void> {
    const { fold } = await seek(this.recording, this.position);
    for (const snap of fold.snapshots())
      if (ids === 'all' || ids.includes('*') || ids.includes(snap.instrument)) this.send(snap);
  }

  private async seekTo(t: number): Promise<void> {
    const gen = ++this.gen;
    const r = await seek(this.recording, t);
    if (gen !== this.gen) return;
    this.position = r.position;
    this.segment = r.segment;
    this.entry = r.entry;
    if (this.until !== null && this.until <= this.position) this.until = null;
    this.send({ op: 'replay', state: this.info(), seeked: true });
    if (this.subs)
      for (const snap of r.fold.snapshots()) if (this.wants(snap.instrument)) this.send(snap);
  }

  private wants(id: string): boolean {
    return this.subs === 'all' || (this.subs?.has(id) ?? false);
  }

  /** (Re)starts the pump after any change: new anchor, new generation. */
  private restart(): void {
    this.gen++;
    this.wake?.();
    this.anchorWall = performance.now();
    this.anchorPos = this.position;
    if (!this.running) void this.pump();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async pump(): Promise<void> {
    this.running = true;
    let stopped = false;
    try {
      let burst = 0;
      while (this.playing && this.subs && this.ws.readyState === this.ws.OPEN) {
        const gen = this.gen;
        if (this.ws.bufferedAmount > MAX_BACKPRESSURE_BYTES) {
          await this.sleep(10);
          this.anchorWall = performance.now();
          this.anchorPos = this.position;
          continue;
        }
        const { segments } = this.recording;
        if (this.segment >= segments.length) {
          if (!this.loop) break;
          await this.seekTo(this.recording.start);
          this.anchorWall = performance.now();
          this.anchorPos = this.position;
          continue;
        }
        const { entries } = await this.recording.segment(this.segment);
        if (gen !== this.gen) continue;
        const e = entries[this.entry];
        if (!e) {
          this.segment++;
          this.entry = 0;
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
          const wait = this.anchorWall + (e.t - this.anchorPos) / this.speed - performance.now();
          if (wait >= 1) {
            await this.sleep(Math.min(wait, REPLAY_STATE_INTERVAL_MS));
            continue;
          }
        }
        this.entry++;
        this.position = Math.max(this.position, e.t);
        if (e.kind === 'message') this.forward(e.raw);
        if (++burst >= BURST_ENTRIES) {
          burst = 0;
          await new Promise((r) => setImmediate(r));
        }
      }
      if (this.playing && this.segment >= this.recording.segments.length && !this.loop) {
        this.position = this.recording.end;
        this.playing = false;
        stopped = true;
      }
      // The client learns at once that playback stopped by itself (end, or a `resume` target).
      if (stopped) this.send({ op: 'replay', state: this.info() });
    } finally {
      this.running = false;
    }
  }

  private forward(raw: string): void {
    let m: { op?: unknown; instrument?: unknown; ticks?: unknown };
    try {
      m = JSON.parse(raw) as typeof m;
    } catch {
      return;
    }
    if (m.op === 'snapshot') {
      if (typeof m.instrument === 'string' && this.wants(m.instrument)) this.send(raw);
    } else if (m.op === 'ticks' && Array.isArray(m.ticks)) {
      if (this.subs === 'all') return this.send(raw);
      const ticks = (m.ticks as Tick[]).filter((t) => this.wants(t.instrument));
      if (ticks.length > 0) this.send({ op: 'ticks', ticks });
    }
  }
}
