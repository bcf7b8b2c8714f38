/**
 * What a source session (./source-session.ts) tells the engine (./engine-sessions.ts), one hook
 * per kind of news; instrument ids here are already qualified with the source's name.
 */
import type { ConnectionState } from '../../protocol/health';
import type { SnapshotState, Tick } from '../../protocol/feed';
import type { AlertIndexSlot } from '../alerts/alert-index-slot';
import type { SourceSession } from './source-session';

export interface SessionHooks {
  /** `state`: the instrument's fold state, where the alert evaluator keeps its index. */
  readonly tick: (tick: Tick, replay: boolean, state: AlertIndexSlot | null) => void;
  readonly snapshot: (instrument: string, state: SnapshotState) => void;
  readonly feedState: (state: ConnectionState['state']) => void;
  readonly gaps: (session: SourceSession, instruments: readonly string[], at: number) => void;
  readonly frame: (session: SourceSession, text: string, receivedAt: number) => void;
  readonly connected: (session: SourceSession) => void;
  readonly disconnected: (session: SourceSession, reason: string) => void;
}
