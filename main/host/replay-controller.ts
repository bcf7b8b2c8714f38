/**
 * In-app replay: starts a private replay server in-process on port 0 over a recording (only
 * this engine, holding its per-run secret, may connect), opens it in the feed engine as the
 * source `replay` beside the live sources, which keep running (so replayed data takes exactly
 * the live path, and closing the replay leaves the live history as it was), and turns transport
 * controls into protocol requests for that source alone. Electron-free; the host wires it to IPC.
 *
 * One replay at a time, and the latest request wins: an open overtaken by a later open or
 * close (a folder dropped while the menu opens another) gives up at its next step, closing only
 * the server it started, and rejects saying so. The controls beyond the protocol's four actions
 * (step, range, loop) are built from them by `replay-transport.ts`.
 */
import type { FeedSource, ReplayStatus } from '../../protocol/health';
import type { ReplayControl } from '../../protocol/ipc';
import { startReplayServer, type ReplayServer, type FrameTranslatorFactory } from '../../recording';
import type { SeekBars } from '../feed/bar-rebuild';
import { HelloWait } from './hello-wait';
import { seekBars } from './replay-bars';
import { replayStateOf } from './replay-state-frame';
import { ReplayTransport, type ReplayRequest, type ReplayView } from './replay-transport';

/** What the controller needs of the feed engine. */
export interface ReplayEngine {
  /** Opens (or switches) the replay source beside the live ones. */
  openReplay(url: string, source: FeedSource): Promise<void>;
  /** Closes the replay source; the live sources are untouched. */
  closeReplay(): Promise<void>;
  /** `bars`: a seek's bars open at its target, read from the recording (./replay-bars.ts). */
  sendReplayControl(request: ReplayRequest, bars?: SeekBars): Promise<void>;
  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void;
  /** Shows the controller's folder, range and loop in the health bar. */
  setReplayView(view: ReplayView | null): void;
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
  private path = '';
  private readonly transport: ReplayTransport;
  private offFrames: (() => void) | null = null;
  /** The open waiting for its replay's hello. */
  private readonly hello = new HelloWait();
  /** Settles once the last request asked has been handed to the engine. */
  private sent: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ReplayControllerOptions) {
    this.transport = new ReplayTransport((r) => this.send(r));
  }

  /**
   * Opens a recording as the engine's replay source. Rejects with a `RecordingError` naming
   * the file when the recording cannot be read (the engine is then left as it was), or when a
   * later open or close overtook this one.
   */
  async open(dir: string): Promise<ReplayStatus> {
    const request = ++this.requests;
    // Warnings of reading the recording are told once it plays: a recording refused is told by
    // its error alone (bug 177: a header-only folder left "replaying up to its header" on the
    // page, under a later recording that did open, as if about it).
    const held: string[] = [];
    let opening = true;
    const server = await startReplayServer({
      dir,
      port: 0,
      speed: 1,
      private: true,
      onWarning: (message) => (opening ? held.push(message) : this.opts.onWarning?.(message)),
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
    opening = false;
    for (const message of held) this.opts.onWarning?.(message);
    this.publishView();
    return this.status()!;
  }

  /** Applies a transport control; resolves with the status once the server accepted it. */
  async control(c: ReplayControl): Promise<ReplayStatus> {
    if (!this.server || !this.transport.open) throw new Error('no recording is open');
    await this.transport.control(c);
    this.publishView();
    return this.status()!;
  }

  /** Replay position and controls, or null when no recording is open. */
  status(): ReplayStatus | null {
    return this.transport.status(this.path);
  }

  /**
   * Hands a request to the engine, a seek with the bars open at its target read from the
   * recording (bug 233). Requests leave in the order asked: one behind a seek (the loop's
   * resume) waits for the seek's bars, not for its reply.
   */
  private send(request: ReplayRequest): Promise<void> {
    const recording = this.server?.recording;
    const bars =
      request.action === 'seek' && recording && request.to !== undefined
        ? seekBars(recording, request.to).catch(() => null)
        : null;
    const turn = this.sent.then(() => bars);
    const reply = turn.then((b) => this.opts.engine.sendReplayControl(request, b ?? undefined));
    this.sent = turn.then(() => undefined);
    return reply;
  }

  /** Publishes range and loop to the engine's health after every change of them. */
  private publishView(): void {
    this.opts.engine.setReplayView(this.transport.open ? this.transport.view(this.path) : null);
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
    this.transport.reset(server.recording.start, server.recording.end);
  }

  /** Forgets the current replay (its open, if still waiting, is cancelled); returns its server. */
  private detach(): ReplayServer | null {
    this.offFrames?.();
    this.offFrames = null;
    this.hello.cancel(cancelled(this.path));
    const server = this.server;
    this.server = null;
    this.transport.clear();
    this.publishView();
    return server;
  }

  /** Follows the server's replay state; the first (a hello carries it too) lets the open finish. */
  private onFrame(text: string): void {
    const state = replayStateOf(text);
    if (!state || !this.transport.open) return;
    this.hello.arrived();
    this.transport.follow(state);
  }
}
