/**
 * The main thread's listeners to what the engine's worker reports as it happens (raw frames,
 * the replay's frames, connection events, alerts, changes of rule states), and the handing of
 * each report to them.
 */
import type { AlertEvent } from '../../protocol/alerts';
import type { AlertStatesListener } from './engine-api';
import type { ConnectionEvent, RawFrameListener } from './engine-api';
import type { FromWorker, ToWorker } from './engine-worker-messages';

type Report = Extract<
  FromWorker,
  { op: 'frame' | 'replayFrame' | 'event' | 'alert' | 'alertStates' }
>;

export class WorkerListeners {
  private readonly frames = new Set<RawFrameListener>();
  private readonly replayFrames = new Set<(text: string, receivedAt: number) => void>();
  private readonly events = new Set<(event: ConnectionEvent) => void>();
  private readonly alerts = new Set<(event: AlertEvent) => void>();
  private readonly alertStates = new Set<AlertStatesListener>();
  /** The last synchronous read of every rule's state: which worker answered it, after how many reports. */
  private statesRead = { thread: -1, posted: 0 };

  /** `post` asks the worker to start or stop sending frames. */
  constructor(private readonly post: (message: ToWorker) => void) {}

  /** Whether frames must be asked for again from a restarted worker. */
  get wantsFrames(): boolean {
    return this.frames.size > 0;
  }

  get wantsReplayFrames(): boolean {
    return this.replayFrames.size > 0;
  }

  onRawFrame(listener: RawFrameListener): () => void {
    return this.listen(this.frames, listener, 'frames');
  }

  onReplayFrame(listener: (text: string, receivedAt: number) => void): () => void {
    return this.listen(this.replayFrames, listener, 'replayFrames');
  }

  onConnectionEvent(listener: (event: ConnectionEvent) => void): () => void {
    this.events.add(listener);
    return () => this.events.delete(listener);
  }

  onAlert(listener: (event: AlertEvent) => void): () => void {
    this.alerts.add(listener);
    return () => this.alerts.delete(listener);
  }

  onAlertStates(listener: AlertStatesListener): () => void {
    this.alertStates.add(listener);
    return () => this.alertStates.delete(listener);
  }

  /** A synchronous read of every state was answered (see `AlertStatesRead`). */
  readStates(thread: number, posted: number): void {
    this.statesRead = { thread, posted };
  }

  deliver(report: Report): void {
    switch (report.op) {
      case 'frame':
        for (const listener of this.frames) listener(report.text, report.receivedAt, report.source);
        break;
      case 'replayFrame':
        for (const listener of this.replayFrames) listener(report.text, report.receivedAt);
        break;
      case 'event':
        for (const listener of this.events) listener(report.event);
        break;
      case 'alert':
        for (const listener of this.alerts) listener(report.event);
        break;
      case 'alertStates': {
        // Posted before the last read reached this thread, so older than what it told.
        const read = this.statesRead;
        if (report.thread === read.thread && report.n <= read.posted) break;
        for (const listener of this.alertStates) listener(report.states);
        break;
      }
    }
  }

  clear(): void {
    this.frames.clear();
    this.replayFrames.clear();
    this.events.clear();
    this.alerts.clear();
    this.alertStates.clear();
  }

  /** Frames cross from the worker only while someone in this thread listens. */
  private listen<L>(set: Set<L>, listener: L, op: 'frames' | 'replayFrames'): () => void {
    set.add(listener);
    if (set.size === 1) this.post({ op, on: true });
    return () => {
      if (set.delete(listener) && set.size === 0) this.post({ op, on: false });
    };
  }
}
