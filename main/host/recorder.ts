/**
 * Records what the app's feeds send: every raw frame the engine receives (not the conflated
 * batches) into a recording folder, with connection and gap markers; one stream per source
 * when several are recorded (./recording-run.ts). Electron-free; the host wires start/stop to
 * the menu and the record button.
 *
 * A recording may start long after the feed said hello, so it opens with the engine's last
 * hello and a snapshot per instrument built from the engine's own state: a replay then starts
 * from a full dashboard, exactly as a fresh connection would. The recorder listens to the
 * engine only while it records, so an idle recorder costs nothing per frame.
 */
import { join } from 'node:path';
import type { RecordingStatus } from '../../protocol/health';
import { RecordingRun, type RunEngine } from './recording-run';

/** What the recorder needs of the feed engine. */
export interface RecorderEngine extends RunEngine {
  /** The live sources' names: what may be chosen, and whom a set records. */
  sourceNames(): readonly string[];
  setRecordingStatus(status: RecordingStatus): void;
}

/** How often the health bar's recording time and size are refreshed, ms. */
export const RECORDING_STATUS_INTERVAL_MS = 1_000;

const IDLE: RecordingStatus = { active: false, dir: null, startedAt: null, bytes: 0, messages: 0 };

/** Options of {@link Recorder}. */
export interface RecorderOptions {
  readonly engine: RecorderEngine;
  /** Folder new recordings are created in (created when missing), one sub-folder each. */
  readonly root: () => string;
  /** Label of source `name` (feed URL or name), written into its recording's header. */
  readonly source: (name: string) => string;
  /**
   * The exchange feed target (`kraken:BTC/USD`) when source `name` reads an exchange's raw
   * messages, else null: written into the header so a replay runs them through that adapter.
   */
  readonly feed?: (name: string) => string | null;
  /** Called when writing failed (disk full, folder deleted...): the recording has stopped. */
  readonly onError?: (message: string) => void;
  /** Called when the recording lost or left out data but goes on (a lost part is marked as a gap). */
  readonly onWarning?: (message: string) => void;
}

export class Recorder {
  private run: RecordingRun | null = null;
  private starting: Promise<RecordingStatus> | null = null;
  private timer: NodeJS.Timeout | undefined;
  private last: RecordingStatus = IDLE;

  constructor(private readonly opts: RecorderOptions) {}

  /**
   * Starts recording into `dir` (default: a new time-stamped folder under `root`): the sources
   * named (each a live source, none twice), or without names every live source, including
   * those that join while it records. One source makes a flat recording; several, a set.
   */
  start(dir?: string, sources?: readonly string[]): Promise<RecordingStatus> {
    if (this.run) return Promise.resolve(this.status());
    if (this.starting) return this.starting;
    let chosen: readonly string[] | null = null;
    try {
      if (sources !== undefined) chosen = checkChoice(sources, this.opts.engine);
    } catch (err) {
      return Promise.reject(err as Error);
    }
    this.starting = this.open(dir ?? join(this.opts.root(), folderName(new Date())), chosen);
    return this.starting.finally(() => {
      this.starting = null;
    });
  }

  /** Stops: ends the last segments and writes the indexes; safe to call when idle. */
  async stop(): Promise<RecordingStatus> {
    await this.starting?.catch(() => null);
    const run = this.run;
    if (!run) return this.status();
    this.run = null;
    clearInterval(this.timer);
    await run.close();
    const { error, bytes, messages, lost } = run.stats();
    // What was written before the failure stays a readable recording.
    if (error) this.opts.onError?.(`Recording stopped: ${error}. What came before is kept.`);
    this.last = { ...IDLE, dir: run.dir, bytes, messages, ...framesLost(lost) };
    this.opts.engine.setRecordingStatus(IDLE);
    return this.last;
  }

  /** Recording time and size, as the health bar shows them. */
  status(): RecordingStatus {
    const run = this.run;
    if (!run) return this.last;
    const { bytes, messages, lost } = run.stats();
    return {
      active: true,
      dir: run.dir,
      startedAt: run.startedAt,
      bytes,
      messages,
      ...framesLost(lost),
    };
  }

  /** Stops any recording. */
  async close(): Promise<void> {
    await this.stop();
  }

  private async open(dir: string, chosen: readonly string[] | null): Promise<RecordingStatus> {
    const { engine } = this.opts;
    const live = engine.sourceNames();
    this.run = await RecordingRun.open({
      engine,
      dir,
      // Several live sources and no choice: all of them, and any that joins.
      sources: chosen ?? (live.length > 1 ? live : null),
      followJoins: chosen === null,
      label: this.opts.source,
      feed: (name) => this.opts.feed?.(name) ?? null,
      onLoss: (source, count) =>
        this.opts.onWarning?.(
          `Recording: ${source} lost ${count} frames while its folder was created; its recording marks the gap.`,
        ),
      onWarning: (message) => this.opts.onWarning?.(message),
    });
    this.timer = setInterval(() => this.tick(), RECORDING_STATUS_INTERVAL_MS);
    this.timer.unref();
    const status = this.status();
    engine.setRecordingStatus(status);
    return status;
  }

  private tick(): void {
    const run = this.run;
    if (!run) return;
    if (run.stats().error) {
      void this.stop();
      return;
    }
    // A source removed while recording: its stream ends there (`to` in sources.json); added
    // again, it records into a new stream from its first frame on.
    void run.follow(this.opts.engine.sourceNames()).catch(() => undefined);
    this.opts.engine.setRecordingStatus(this.status());
  }
}

/** The chosen names, if each is a live source and none is named twice; else a clear error. */
function checkChoice(sources: readonly string[], engine: RecorderEngine): readonly string[] {
  const live = engine.sourceNames();
  if (sources.length === 0) throw new Error('choose at least one source to record');
  for (const [i, name] of sources.entries()) {
    if (!live.includes(name))
      throw new Error(`no source named "${name}" to record (the sources are ${live.join(', ')})`);
    if (sources.indexOf(name) !== i) throw new Error(`source "${name}" is named twice`);
  }
  return sources;
}

/** The status's loss count: absent in the normal case, when nothing was lost. */
function framesLost(lost: number): Pick<RecordingStatus, 'framesLost'> {
  return lost > 0 ? { framesLost: lost } : {};
}

/** `2026-11-25_20-19-37`: sortable, and valid on every file system. */
function folderName(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
}
