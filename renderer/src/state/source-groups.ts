/**
 * The watchlist's rows grouped by source when the engine holds several: each source's rows
 * together, in the order the sources were added, keeping the list's own order (sort, pins)
 * within a group; a collapsed group keeps its header and hides its rows.
 */
import { sourceOfInstrument } from '../../../protocol/source-names';

/** One source's group header. */
export interface SourceGroup {
  readonly name: string;
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
  const other: R[] = [];
  for (const row of rows) {
    const source = sourceOfInstrument(row.id, sources);
    const group = source === null ? undefined : bySource.get(source);
    if (group) group.push(row);
    else other.push(row);
  }
  const out: R[] = [];
  const groups = sources.map((name) => {
    const members = bySource.get(name)!;
    const isCollapsed = collapsed.has(name);
    if (!isCollapsed) out.push(...members);
    return { name, count: members.length, collapsed: isCollapsed };
  });
  out.push(...other);
  return { rows: out, groups };
}

/** `collapsed` with `name` flipped. */
export function toggleGroup(collapsed: ReadonlySet<string>, name: string): Set<string> {
  const next = new Set(collapsed);
  if (!next.delete(name)) next.add(name);
  return next;
}
