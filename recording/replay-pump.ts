/**
 * The paced send of one client's replay: from its position, each entry when due
 * (`anchorWall + (t - anchorPos) / speed`; at speed 0 as fast as the socket drains), held back
 * while the socket is full, until the end, a `resume` target or, looping, from the top again.
 * Only data (snapshot and ticks frames) is replayed. The position, the plan's generation and
 * the playing flag are shared at every await with the client's requests, which change them
 * (./replay-playback.ts, which extends it).
 */
import type { ReplayInfo } from '../protocol/feed';
import type { Recording } from './recording-reader';
import { Pacer } from './pacer';
import { REPLAY_STATE_INTERVAL_MS, type ReplayChannel } from './replay-channel';
import { ReplayCursor } from './replay-cursor';
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

export abstract class ReplayPump {
  protected position: number;
  protected playing = true;
  protected until: number | null = null;
  protected readonly pacer = new Pacer();
  protected readonly cursor: ReplayCursor;
  protected readonly subs = new Subscriptions();
  /** Rises on every change of plan, so a pump or seek that awaited knows it is stale. */
  protected gen = 0;
  private running = false;
  protected abstract readonly channel: ReplayChannel;
  /** How many instruments the last hello named. */
  private announced = 0;
  /** When playback last started from the top, performance.now() ms. */
  private loopStartedAt = performance.now();

  constructor(
    protected readonly recording: Recording,
    protected speed: number,
    protected readonly loop: boolean,
  ) {
    this.position = recording.start;
    this.cursor = new ReplayCursor(recording);
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
  protected hello(): void {
    this.announced = this.recording.instruments.length;
    this.channel.hello(this.recording, this.info());
  }

  protected sendState(seeked = false): void {
    this.channel.send(
      seeked ? { op: 'replay', state: this.info(), seeked } : { op: 'replay', state: this.info() },
    );
  }

  /** The recording could not be read further (a damaged segment): say so and pause. */
  protected fail(id: number | null, err: Error): void {
    this.playing = false;
    this.channel.reply(id, { code: 'INTERNAL', message: err.message });
    this.sendState();
  }

  protected async seekTo(t: number): Promise<void> {
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
  protected restart(): void {
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
