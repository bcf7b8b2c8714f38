/**
 * What the trace benches share (bench/dashboard-trace.ts, bench/windows-trace.ts): the kinds
 * DevTools files main-thread events under, and the self-time sweep.
 */

/** Main-thread event names by the kind of work DevTools files them under. */
const KINDS: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  EventDispatch: 'script',
  RunMicrotasks: 'script',
  'v8.run': 'script',
  'v8.compile': 'script',
  'V8.Execute': 'script',
  MinorGC: 'GC',
  MajorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
  'V8.GC_MARK_COMPACTOR': 'GC',
  'V8.GCScavenger': 'GC',
  'V8.GCFinalizeMC': 'GC',
  'V8.GCIncrementalMarking': 'GC',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  Layout: 'layout',
  PrePaint: 'pre-paint',
  Paint: 'paint',
  PaintImage: 'paint',
  'Document::updateStyleAndLayout': 'style',
  Layerize: 'layerize, commit',
  UpdateLayer: 'layerize, commit',
  UpdateLayerTree: 'layerize, commit',
  Commit: 'layerize, commit',
  CompositeLayers: 'layerize, commit',
  HitTest: 'hit test',
};

/** The kind of work a main-thread event is, or null for one DevTools files under none. */
export function kindOf(name: string): string | null {
  return KINDS[name] ?? (/^v8|^V8/.test(name) ? 'script' : null);
}

/** The trace categories the windows benches record: the timeline and V8's. */
export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
];

/** A Chrome trace event, with the layout fields the windows benches read. */
export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: Record<string, unknown> & {
    name?: string;
    /** A `console.timeStamp`'s label (bench/page-trace.ts names each page's renderer so). */
    data?: Record<string, unknown> & { message?: string; nodeName?: string; reason?: string };
    beginData?: { dirtyObjects?: number; totalObjects?: number; partialLayout?: boolean };
    tileData?: { layerId?: number };
  };
}

/** The timing fields of a Chrome trace event that the sweep reads. */
export interface TimedEvent {
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  /** The thread's CPU time over the event, µs (Chromium records it for most events). */
  readonly tdur?: number;
}

/**
 * Self time (µs) of each complete (`X`) event on one thread: its duration less its direct
 * children's. Events of other phases are skipped. `clock: 'tdur'` counts the thread's CPU time
 * instead of the wall clock's, which a loaded machine inflates far less (a thread waiting for a
 * core is not charged); an event without one counts its wall time.
 */
export function selfTimes<E extends TimedEvent>(
  events: readonly E[],
  clock: 'dur' | 'tdur' = 'dur',
): Map<E, number> {
  const time = (e: E) => (clock === 'tdur' ? (e.tdur ?? e.dur!) : e.dur!);
  const spans = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<E, number>();
  const stack: E[] = [];
  for (const e of spans) {
    while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, self.get(parent)! - time(e));
    self.set(e, time(e));
    stack.push(e);
  }
  return self;
}
