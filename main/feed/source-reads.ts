/**
 * What the engine reads off its sources (./sources.ts says which are shown and recordable): a
 * recording's opening state, and the parts the merged state is made of.
 */
import type { StreamState } from './engine-api';
import type { MergedPart } from './merged-state';
import type { SourceSession } from './source-session';

/** What a recording of `source` (else of the first recordable source) opens with. */
export function streamStateOf(recordable: readonly SourceSession[], source?: string): StreamState {
  const session = source === undefined ? recordable[0]! : recordable.find((s) => s.name === source);
  if (session === undefined) return { source: source!, hello: null, snapshots: [] };
  return {
    source: session.name,
    hello: session.hello,
    snapshots: session.ingest.state.snapshots(),
  };
}

/** The merged state's parts: the shown sources, each with its ids' prefix. */
export function mergedParts(
  shown: readonly SourceSession[],
  replay: SourceSession | null,
): MergedPart[] {
  return shown.map((s) => ({
    prefix: s.qualified ? s.name : null,
    state: s.ingest.state,
    ownHistory: s === replay && s.qualified,
  }));
}
