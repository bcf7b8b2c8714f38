/**
 * The watchlist's rows grouped by source when the engine holds several: each source's rows
 * together, in the order the sources were added, keeping the list's own order (sort, pins)
 * within a group; a collapsed group keeps its header and hides its rows. A replayed set beside
 * live sources makes one group per recorded source (`replay:kraken`), so one venue of it can be
 * hidden as a live one can.
 */
import { REPLAY_SOURCE_NAME, sourceOfInstrument } from '../../../protocol/source-names';
import { splitRowName } from './row-name';

/** One source's group header. */
export interface SourceGroup {
  /** The group's key: the source's name, or `replay:<recorded source>` for a replayed set's. */
  readonly name: string;
  /** What its chip says: the name, or `replay · kraken`. */
  readonly label: string;
  /** Rows of this source in the list (before collapsing). */
  readonly count: number;
  readonly collapsed: boolean;
}

/**
 * Groups `rows` by `sources` (names in the order added). With fewer than two sources the rows
 * come back as they are and there are no groups. Rows of no listed source go last, ungrouped.
 */
export function groupBySource<R extends { readonly id: string }>(
  rows: readonly R[],
  sources: readonly string[],
  collapsed: ReadonlySet<string>,
): { readonly rows: readonly R[]; readonly groups: readonly SourceGroup[] } {
  if (sources.length < 2) return { rows, groups: [] };
  const bySource = new Map<string, R[]>(sources.map((s) => [s, []]));
  const recorded = new Map<string, R[]>();
  const other: R[] = [];
  for (const row of rows) {
    const key = groupOf(row.id, sources);
    if (key === null) other.push(row);
    else if (bySource.has(key)) bySource.get(key)!.push(row);
    else {
      const members = recorded.get(key);
      if (members) members.push(row);
      else recorded.set(key, [row]);
    }
  }
  const out: R[] = [];
  const groups: SourceGroup[] = [];
  const add = (name: string, members: readonly R[]) => {
    const isCollapsed = collapsed.has(name);
    if (!isCollapsed) out.push(...members);
    groups.push({
      name,
      label: groupLabel(name),
      count: members.length,
      collapsed: isCollapsed,
    });
  };
  for (const name of sources) {
    const members = bySource.get(name)!;
    if (name !== REPLAY_SOURCE_NAME || recorded.size === 0 || members.length > 0)
      add(name, members);
    // A replayed set: its recorded sources by name (the set's own order is not in the batch).
    if (name === REPLAY_SOURCE_NAME)
      for (const key of [...recorded.keys()].sort()) add(key, recorded.get(key)!);
  }
  out.push(...other);
  return { rows: out, groups };
}

/**
 * The group instrument `id` falls in among `sources`: its source's name, `replay:<source>` for
 * an instrument of a replayed set, or null for an id of no listed source.
 */
export function groupOf(id: string, sources: readonly string[]): string | null {
  const source = sourceOfInstrument(id, sources);
  return (source === REPLAY_SOURCE_NAME ? recordedGroup(id) : null) ?? source;
}

/** What a group's chip says: the source's name, or `replay · kraken` for a replayed set's. */
export function groupLabel(name: string): string {
  return name.replace(':', ' · ');
}

/** `replay:<source>` for an instrument of a replayed set (`replay:<source>:<id>`), else null. */
function recordedGroup(id: string): string | null {
  const { sources } = splitRowName(id);
  return sources.length === 2 ? `${REPLAY_SOURCE_NAME}:${sources[1]}` : null;
}

/** `collapsed` with `name` flipped. */
export function toggleGroup(collapsed: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(collapsed);
  if (!next.delete(name)) next.add(name);
  return next;
}
