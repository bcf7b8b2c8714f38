/**
 * In-app replay: starts a private replay server in-process on port 0 over a recording (only
 * this engine, holding its per-run secret, may connect), opens it in the feed engine as the
 * source `replay` beside the live sources, which keep running (so replayed data takes exactly
 * the live path, and closing the replay leaves the live history as it was), and turns transport
 * controls into protocol requests for that source alone. Electron-free; the host wires it to IPC.
 *
 * One replay at a time, and the latest request wins: an open overtaken by a later open or
 * close (a folder dropped while the menu opens another) gives up at its next step, closing only
 * the server it started, and rejects saying so.
 *
 * Controls beyond the protocol's four actions are built from them:
 * - step: while paused, play the next STEP_MS of recorded time as fast as possible and pause
 *   there (`resume` with `to`, at speed 0, then the speed is restored);
 * - range: playback stops at `to` (`resume` with `to`); seeks are clamped into the range;
 * - loop: when playback stops at the end of the range, seek to its start and play again.
 */
import type { FeedSource, ReplayStatus } from '../../protocol/batch';
import type { ReplayInfo } from '../../protocol/feed';
import type { ReplayControl } from '../../protocol/ipc';
import {
  checkSpeed,
  startReplayServer,
  type ReplayServer,
  type FrameTranslatorFactory,
} from '../../recording';
import { HelloWait } from './hello-wait';
import { replayStateOf } from './replay-state-frame';

/** Recorded time one step advances, ms. */
export const STEP_MS = 1_000;

/** The protocol request an engine sends for a control (its `ReplayControlArgs`). */
export interface ReplayRequest {
  readonly action: 'pause' | 'resume' | 'seek' | 'speed';
  readonly to?: number;
  readonly speed?: number;
}

/** What the controller needs of the feed engine. */
export interface ReplayEngine {
  /** Opens (or switches) the replay source beside the live ones. */
  openReplay(url: string, source: FeedSource): Promise<void>;
  /** Closes the replay source; the live sources are untouched. */
  closeReplay(): Promise<void>;
  sendReplayControl(request: ReplayRequest): Promise<void>;
  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void;
  /** Shows the controller's folder, range and loop in the health bar. */
  setReplayView(view: Pick<ReplayStatus, 'path' | 'rangeFrom' | 'rangeTo' | 'loop'> | null): void;
}

/** Options of {@link ReplayController}. */
export interface ReplayControllerOptions {
  readonly engine: ReplayEngine;
  /** Warnings about an opened recording (truncated segment, rebuilt index). */
  readonly onWarning?: (message: string) => void;
  /** Replays recordings of an exchange feed through its adapter (see `replay-translator.ts`). */
  readonly translate?: FrameTranslatorFactory;
}

/** Why an open gave up: a later open or close overtook it. */
function cancelled(dir: string): Error {
  return new Error(`${dir}: not opened: cancelled by a later open or close`);
}

export class ReplayController {
  /** Numbers open and close requests in call order. */
  private requests = 0;
  /** The newest request that took effect; an older open that is still starting gives up. */
  private newest = 0;
  private server: ReplayServer | null = null;
  private info: ReplayInfo | null = null;
  private path = '';
  private range: { from: number; to: number } = { from: 0, to: 0 };
  private loop = false;
  /** Speed to restore, and where, once a step has played. */
  private step: { speed: number; to: number } | null = null;
  private offFrames: (() => void) | null = null;
  /** The open waiting for its replay's hello. */
  private readonly hello = new HelloWait();

  constructor(private readonly opts: ReplayControllerOptions) {}

  /**
   * Opens a recording as the engine's replay source. Rejects with a `RecordingError` naming
   * the file when the recording cannot be read (the engine is then left as it was), or when a
   * later open or close overtook this one.
   */
  async open(dir: string): Promise<ReplayStatus> {
    const request = ++this.requests;
    const server = await startReplayServer({
      dir,
      port: 0,
      speed: 1,
      private: true,
      onWarning: this.opts.onWarning,
      translate: this.opts.translate,
    });
    if (request < this.newest) {
      await server.close();
      throw cancelled(dir);
    }
    this.newest = request;
    // From here until the hello, a later request may take over at any await: each step checks.
    const previous = this.detach();
    this.install(server, dir);
    const label = dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir;
    try {
      await previous?.close();
      if (this.server !== server) throw cancelled(dir);
      await this.opts.engine.openReplay(server.url, { kind: 'replay', label });
      if (this.server !== server) throw cancelled(dir);
      // Listening only now: the engine's previous socket may still have delivered frames.
      this.offFrames = this.opts.engine.onReplayFrame((text) => this.onFrame(text));
      // The engine holds the replay session once its hello arrived: controls work then.
      await this.hello.wait(dir);
    } catch (err) {
      // The request that took over closes this server; otherwise it is ours to close.
      if (this.server === server) await this.stop(this.detach());
      throw err;
    }
    this.publishView();
    return this.status()!;
  }

  /** Applies a transport control; resolves with the status once the server accepted it. */
  async control(c: ReplayControl): Promise<ReplayStatus> {
    const info = this.info;
    if (!this.server || !info) throw new Error('no recording is open');
    const send = (r: ReplayRequest): Promise<void> => this.opts.engine.sendReplayControl(r);
    switch (c.action) {
      case 'play':
        if (info.position >= this.range.to || info.position < this.range.from)
          await this.seek(this.range.from);
        await send(this.resumeRequest());
        this.info = { ...this.info!, playing: true };
        break;
      case 'pause':
        await send({ action: 'pause' });
        this.info = { ...info, playing: false };
        break;
      case 'step': {
        if (info.playing) await send({ action: 'pause' });
        const to = Math.min(info.position + STEP_MS, this.range.to);
        if (to <= info.position) break;
        if (info.speed !== 0) {
          this.step = { speed: info.speed, to };
          await send({ action: 'speed', speed: 0 });
        }
        await send({ action: 'resume', to });
        this.info = { ...this.info!, playing: true };
        break;
      }
      case 'seek':
        await this.seek(c.to);
        break;
      case 'speed': {
        const error = checkSpeed(c.speed);
        if (error) throw new RangeError(`speed: ${error}`);
        await send({ action: 'speed', speed: c.speed });
        this.step = null;
        this.info = { ...this.info!, speed: c.speed };
        break;
      }
      case 'loop':
        this.loop = c.loop;
        break;
      case 'range': {
        const from = Math.max(info.start, Math.min(c.from, c.to));
        const to = Math.min(info.end, Math.max(c.from, c.to));
        if (!(to > from))
          throw new RangeError('range: "from" must be before "to" within the recording');
        this.range = { from, to };
        if (info.position < from || info.position > to) await this.seek(from);
        if (this.info!.playing) await send(this.resumeRequest());
        break;
      }
    }
    this.publishView();
    return this.status()!;
  }

  /** Replay position and controls, or null when no recording is open. */
  status(): ReplayStatus | null {
    if (!this.info) return null;
    return { ...this.info, ...this.view() };
  }

  private view(): Pick<ReplayStatus, 'path' | 'rangeFrom' | 'rangeTo' | 'loop'> {
    return { path: this.path, loop: this.loop, rangeFrom: this.range.from, rangeTo: this.range.to };
  }

  /** Publishes range and loop to the engine's health after every change of them. */
  private publishView(): void {
    this.opts.engine.setReplayView(this.info ? this.view() : null);
  }

  /**
   * Closes the engine's replay source and the replay server, and cancels an open still
   * starting; the live sources run on as they were.
   */
  async close(): Promise<void> {
    this.newest = ++this.requests;
    await this.stop(this.detach());
  }

  /** Takes the replay source out of the engine, then stops its server (when there is one). */
  private async stop(server: ReplayServer | null): Promise<void> {
    if (server === null) return;
    await this.opts.engine.closeReplay();
    await server.close();
  }

  /** Makes `server` the current replay, playing from the start. */
  private install(server: ReplayServer, dir: string): void {
    this.server = server;
    this.path = dir;
    const { start, end } = server.recording;
    this.range = { from: start, to: end };
    this.info = { start, end, position: start, playing: true, speed: 1, loop: false };
  }

  /** Forgets the current replay (its open, if still waiting, is cancelled); returns its server. */
  private detach(): ReplayServer | null {
    this.offFrames?.();
    this.offFrames = null;
    this.hello.cancel(cancelled(this.path));
    const server = this.server;
    this.server = null;
    this.info = null;
    this.step = null;
    this.publishView();
    return server;
  }

  private resumeRequest(): ReplayRequest {
    return this.range.to < this.info!.end
      ? { action: 'resume', to: this.range.to }
      : { action: 'resume' };
  }

  private async seek(t: number): Promise<void> {
    const to = Math.max(this.range.from, Math.min(this.range.to, t));
    await this.opts.engine.sendReplayControl({ action: 'seek', to });
    this.info = { ...this.info!, position: to };
  }

  /** Follows the server's replay state; restores speed after a step; loops at the range end. */
  private onFrame(text: string): void {
    const state = replayStateOf(text);
    if (!state || !this.info) return;
    this.hello.arrived();
    const wasPlaying = this.info.playing;
    this.info = state;
    if (state.playing || !wasPlaying) return;
    // Playback just stopped: a step reached its target, or the range (or recording) ended.
    const send = (r: ReplayRequest): void =>
      void this.opts.engine.sendReplayControl(r).catch(() => {});
    if (this.step && state.position >= this.step.to) {
      send({ action: 'speed', speed: this.step.speed });
      this.info = { ...state, speed: this.step.speed };
      this.step = null;
    } else if (this.loop && state.position >= this.range.to) {
      send({ action: 'seek', to: this.range.from });
      send(this.resumeRequest());
    }
  }
}
