/**
 * A V8 CPU profile as DevTools' `Profiler.stop` and Node's `--cpu-prof` give it: the one shape
 * the profiling benches read (bench/engine-profile.ts, chart-redraw.ts, dashboard-trace.ts,
 * page-trace.ts).
 */

/** A node of the call tree: a function at one call site, with its callees. */
export interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    /** Where in the (bundled) line: what a source map needs. */
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

/** The profile: its tree, and which node each sample was in with the µs since the last. */
export interface CpuProfile {
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
  readonly startTime: number;
  readonly endTime: number;
}
