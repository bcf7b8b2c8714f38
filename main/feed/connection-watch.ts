/**
 * The watches on one open feed connection, started when it opens and stopped when it goes: its
 * silence (./stall-watch.ts: shown as stalled, then replaced as dead), what it needs on a
 * schedule (./connection-upkeep.ts: keepalive frames, renewal before the feed's age limit) and
 * the resyncs asked on it (./resync-watch.ts: one not answered in time replaces it).
 */
import type { HelloMessage } from '../../protocol/feed';
import { ConnectionUpkeep } from './connection-upkeep';
import type { FeedConnection } from './feed-protocol';
import { ResyncWatch } from './resync-watch';
import { StallWatch } from './stall-watch';

/**
 * A resync whose snapshot has not arrived within this long is given up: the instrument would
 * stay frozen with its ticks held, so the connection is replaced (a fresh one brings fresh
 * snapshots), ms.
 */
export const RESYNC_TIMEOUT_MS = 10_000;

/** What the watches ask of the connection's owner. */
export interface WatchActions {
  /** No frame for `silentMs`: shown as stalled while it is still waited for. */
  stalled(silentMs: number): void;
  /** The silence as the user is told it, of `silentMs` measured (`ClientState.silence`). */
  silence(silentMs: number): number;
  send(frame: string): void;
  /** Replace the connection, saying why: silent too long, due for renewal, a resync given up. */
  replace(reason: string): void;
  /** A problem the user should read in the health bar (a resync given up). */
  problem(reason: string): void;
}

export class ConnectionWatch {
  /** Its `lastFrameAt` is written on every frame: a field write, no call on that path. */
  readonly stall: StallWatch;
  private readonly upkeep: ConnectionUpkeep;
  private readonly resyncs: ResyncWatch;

  constructor(actions: WatchActions, resyncTimeoutMs = RESYNC_TIMEOUT_MS) {
    this.stall = new StallWatch({
      stalled: (silentMs) => actions.stalled(silentMs),
      dead: (silentMs) =>
        actions.replace(`stalled: no data for ${(actions.silence(silentMs) / 1_000).toFixed(1)} s`),
    });
    this.upkeep = new ConnectionUpkeep({
      send: (frame) => actions.send(frame),
      renew: (reason) => actions.replace(reason),
    });
    this.resyncs = new ResyncWatch(resyncTimeoutMs, (reason) => {
      actions.problem(reason);
      actions.replace(reason);
    });
  }

  /** The connection opened at `now`: keep it up, and watch it for silence. */
  opened(keepalive: FeedConnection['keepalive'], maxAgeMs: number | undefined, now: number): void {
    this.upkeep.start(keepalive, maxAgeMs);
    this.stall.start(now);
  }

  hello(message: HelloMessage): void {
    this.resyncs.hello(message);
    this.stall.heartbeat(message.heartbeatMs);
  }

  /** Snapshots of these were asked for just now. */
  asked(instruments: readonly string[]): void {
    this.resyncs.asked(instruments);
  }

  snapshot(instrument: string): void {
    this.resyncs.arrived(instrument);
  }

  /** The connection is gone: every watch on it stops. */
  stop(): void {
    this.stall.stop();
    this.upkeep.stop();
    this.resyncs.clear();
  }
}
