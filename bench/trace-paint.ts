/**
 * bench/dashboard-trace.ts's tables of what a frame paints: paint by element (time, count and
 * invalidated area each frame), raster by layer, layout and style work, and invalidations.
 */
import type { CDPSession } from 'playwright-core';
import { median } from './numbers';
import { rates, table, type TracedPage } from './trace-report';
import type { TraceEvent } from './trace-self-times';

const quadArea = (q: readonly number[]) =>
  Math.abs(
    q[0]! * q[3]! -
      q[2]! * q[1]! +
      (q[2]! * q[5]! - q[4]! * q[3]!) +
      (q[4]! * q[7]! - q[6]! * q[5]!) +
      (q[6]! * q[1]! - q[0]! * q[7]!),
  ) / 2;

/** A short name for an element: tag, test id or class. */
async function describeNodes(cdp: CDPSession, backendIds: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  await cdp.send('DOM.getDocument', { depth: 0 });
  for (const id of backendIds) {
    try {
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId: id, depth: 0 });
      const attrs = node.attributes ?? [];
      const attr = (n: string) => {
        const i = attrs.indexOf(n);
        return i >= 0 ? attrs[i + 1] : undefined;
      };
      const testid = attr('data-testid');
      const cls = attr('class')
        ?.split(/\s+/)
        .filter((c) => !c.startsWith('svelte-'))[0];
      names.set(
        id,
        `${node.localName || node.nodeName}${testid ? `[${testid}]` : cls ? `.${cls}` : ''}`,
      );
    } catch {
      names.set(id, `node ${id} (gone)`);
    }
  }
  return names;
}

/** Paint by element and raster by layer; `cdp` names the painted elements. */
export async function printPaint(
  page: TracedPage,
  self: ReadonlyMap<TraceEvent, number>,
  cdp: CDPSession,
): Promise<void> {
  const { perSec } = rates(page);
  const frames = Math.max(1, page.frames);
  const byNode = new Map<number, { us: number; count: number; area: number; layer: number }>();
  for (const e of page.main.filter((e) => e.name === 'Paint')) {
    const d = (e.args?.data ?? {}) as { nodeId?: number; clip?: number[]; layerId?: number };
    const id = d.nodeId ?? -1;
    const s = byNode.get(id) ?? { us: 0, count: 0, area: 0, layer: d.layerId ?? -1 };
    s.us += self.get(e) ?? e.dur!;
    s.count++;
    s.area += d.clip ? quadArea(d.clip) : 0;
    byNode.set(id, s);
  }
  const names = await describeNodes(
    cdp,
    [...byNode.keys()].filter((id) => id > 0),
  );
  const layerName = new Map<number, string>();
  // Elements of one kind (every ladder size, every tape row) summed into one line.
  const byName = new Map<string, { us: number; count: number; area: number; nodes: number }>();
  for (const [id, s] of byNode) {
    const name = names.get(id) ?? `node ${id}`;
    layerName.set(s.layer, name);
    const g = byName.get(name) ?? { us: 0, count: 0, area: 0, nodes: 0 };
    g.us += s.us;
    g.count += s.count;
    g.area += s.area;
    g.nodes++;
    byName.set(name, g);
  }
  table(
    'Paint by element (Paint events: self time, paints and invalidated area, summed over elements of one kind)',
    ['element', 'elements', 'ms/s', 'paints/frame', 'area/frame, px²'],
    [...byName.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, 15)
      .map(([name, g]) => [
        name,
        g.nodes,
        perSec(g.us),
        (g.count / frames).toFixed(2),
        Math.round(g.area / frames).toLocaleString('en-US'),
      ]),
  );
  const byLayer = new Map<number, { us: number; count: number }>();
  for (const e of page.spans.filter((e) => e.name === 'RasterTask' && e.pid === page.pid)) {
    const layer = e.args?.tileData?.layerId ?? -1;
    const s = byLayer.get(layer) ?? { us: 0, count: 0 };
    s.us += e.dur!;
    s.count++;
    byLayer.set(layer, s);
  }
  table(
    'Raster by layer (RasterTask on the tile workers)',
    ['layer', 'painted element', 'ms/s', 'tiles/frame'],
    [...byLayer.entries()]
      .sort((a, b) => b[1].us - a[1].us)
      .map(([l, s]) => [l, layerName.get(l) ?? '?', perSec(s.us), (s.count / frames).toFixed(2)]),
  );
}

/** Layouts and style recalcs a frame, and what invalidated them. */
export function printLayout(page: TracedPage): void {
  const frames = Math.max(1, page.frames);
  const layouts = page.main.filter((e) => e.name === 'Layout');
  const dirty = layouts.map((e) => Number(e.args?.beginData?.dirtyObjects ?? 0));
  const styles = page.main.filter((e) => e.name === 'UpdateLayoutTree');
  const elementCounts = styles.map((e) =>
    Number(
      (e.args?.elementCount as number | undefined) ??
        (e.args?.data?.elementCount as number | undefined) ??
        0,
    ),
  );
  console.log(
    `\nLayouts: ${(layouts.length / frames).toFixed(2)} a frame, dirty objects median ${median(dirty) || 0}; style recalcs: ${(styles.length / frames).toFixed(2)} a frame, elements median ${median(elementCounts) || 0}`,
  );
  const invalidations = new Map<string, number>();
  for (const e of page.events)
    if (/InvalidationTracking/.test(e.name) && e.pid === page.pid) {
      const d = e.args?.data ?? {};
      const key =
        `${e.name}: ${String(d.nodeName ?? '?')} (${String(d.reason ?? d.invalidationSet ?? '')})`.slice(
          0,
          110,
        );
      invalidations.set(key, (invalidations.get(key) ?? 0) + 1);
    }
  table(
    'Invalidations (top 15)',
    ['invalidation', 'per frame'],
    [...invalidations.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([k, n]) => [k, (n / frames).toFixed(2)]),
  );
}
