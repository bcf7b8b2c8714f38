/**
 * The transport controls of the open replay, built from the protocol's four actions (pause,
 * resume, seek, speed), and the replay state they follow from the server's frames:
 * - step: while paused, play the next STEP_MS of recorded time as fast as possible and pause
 *   there (`resume` with `to`, at speed 0, then the speed is restored);
 * - range: playback stops at `to` (`resume` with `to`); seeks are clamped into the range;
 * - loop: when playback stops at the end of the range, seek to its start and play again.
 */
import type { ReplayStatus } from '../../protocol/health';
import type { ReplayInfo } from '../../protocol/feed';
import type { ReplayControl } from '../../protocol/ipc';
import { checkSpeed } from '../../recording';

/** Recorded time one step advances, ms. */
export const STEP_MS = 1_000;

/** The protocol request an engine sends for a control (its `ReplayControlArgs`). */
export interface ReplayRequest {
  readonly action: 'pause' | 'resume' | 'seek' | 'speed';
  readonly to?: number;
  readonly speed?: number;
}

/** What the health bar shows of the replay besides its position. */
export type ReplayView = Pick<ReplayStatus, 'path' | 'rangeFrom' | 'rangeTo' | 'loop'>;

/** The open replay's position and controls; a loop set stays on for the next replay. */
export class ReplayTransport {
  private info: ReplayInfo | null = null;
  private range: { from: number; to: number } = { from: 0, to: 0 };
  private loop = false;
  /** Speed to restore, and where, once a step has played. */
  private step: { speed: number; to: number } | null = null;

  constructor(private readonly send: (request: ReplayRequest) => Promise<void>) {}

  /** True while a replay is open. */
  get open(): boolean {
    return this.info !== null;
  }

  /** A replay of [start, end] opened, playing from the start. */
  reset(start: number, end: number): void {
    this.range = { from: start, to: end };
    this.info = { start, end, position: start, playing: true, speed: 1, loop: false };
  }

  /** No replay open any more. */
  clear(): void {
    this.info = null;
    this.step = null;
  }

  /** Position and controls of the replay of folder `path`, or null when none is open. */
  status(path: string): ReplayStatus | null {
    if (!this.info) return null;
    return { ...this.info, ...this.view(path) };
  }

  view(path: string): ReplayView {
    return { path, loop: this.loop, rangeFrom: this.range.from, rangeTo: this.range.to };
  }

  /** Applies a control to the open replay; resolves once the server accepted it. */
  async control(c: ReplayControl): Promise<void> {
    const info = this.info!;
    const send = this.send;
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
  }

  /** Follows the server's replay state; restores speed after a step; loops at the range end. */
  follow(state: ReplayInfo): void {
    const wasPlaying = this.info!.playing;
    this.info = state;
    if (state.playing || !wasPlaying) return;
    // Playback just stopped: a step reached its target, or the range (or recording) ended.
    const send = (r: ReplayRequest): void => void this.send(r).catch(() => {});
    if (this.step && state.position >= this.step.to) {
      send({ action: 'speed', speed: this.step.speed });
      this.info = { ...state, speed: this.step.speed };
      this.step = null;
    } else if (this.loop && state.position >= this.range.to) {
      send({ action: 'seek', to: this.range.from });
      send(this.resumeRequest());
    }
  }

  private resumeRequest(): ReplayRequest {
    return this.range.to < this.info!.end
      ? { action: 'resume', to: this.range.to }
      : { action: 'resume' };
  }

  private async seek(t: number): Promise<void> {
    const to = Math.max(this.range.from, Math.min(this.range.to, t));
    await this.send({ action: 'seek', to });
    this.info = { ...this.info!, position: to };
  }
}
