/**
 * bench/dashboard-trace.ts's script tables, from a CPU profile of the bundled page and the
 * bundle's source map: time by our own file (with what it called), and self time by file and
 * by function.
 */
import type { SourceMap } from 'node:module';
import type { CpuProfile, ProfileNode } from './cpu-profile';
import { ms, table } from './trace-report';

/** Our own code, as {@link sourceFile} names it. */
const OWN = /^(renderer|bench|protocol|shared|main|test-support)\//;

/** The file a bundled position came from, shortened to what a reader knows it by. */
function sourceFile(map: SourceMap, line: number, column: number): string {
  const entry = map.findEntry(line, column) as { originalSource?: string };
  const src = entry.originalSource ?? '';
  const lib = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src);
  if (lib) return lib[1]!;
  const own =
    /(renderer\/src\/.*|bench\/.*|protocol\/.*|shared\/.*|main\/.*|test-support\/.*)$/.exec(src);
  return own ? own[1]! : src || '(unmapped)';
}

/**
 * Script by file: each sample's time goes to the innermost frame in our own code (renderer,
 * bench, protocol), so Chart.js, Svelte and canvas calls count for the file that called them;
 * and, beside it, the self time of the libraries. `scriptUrl` is the bundle's.
 */
function scriptByFile(
  profile: CpuProfile,
  map: SourceMap,
  scriptUrl: string,
): { own: Map<string, number>; self: Map<string, number>; fns: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fileOf = new Map<number, string>();
  const file = (n: ProfileNode): string => {
    let f = fileOf.get(n.id);
    if (f === undefined) {
      const { url, lineNumber, columnNumber, functionName } = n.callFrame;
      f = url.endsWith(scriptUrl)
        ? sourceFile(map, lineNumber, columnNumber)
        : url
          ? '(other script)'
          : functionName.startsWith('(')
            ? functionName
            : `(native ${functionName || 'code'})`;
      fileOf.set(n.id, f);
    }
    return f;
  };
  const fnOf = new Map<number, string>();
  const fn = (n: ProfileNode): string => {
    let f = fnOf.get(n.id);
    if (f === undefined) {
      const { url, lineNumber, columnNumber } = n.callFrame;
      const e = url.endsWith(scriptUrl)
        ? (map.findEntry(lineNumber, columnNumber) as {
            originalSource?: string;
            originalLine?: number;
            name?: string;
          })
        : {};
      f = e.originalSource
        ? `${sourceFile(map, lineNumber, columnNumber)}:${(e.originalLine ?? 0) + 1} ${e.name ?? ''}`
        : file(n);
      fnOf.set(n.id, f);
    }
    return f;
  };
  const own = new Map<string, number>();
  const self = new Map<string, number>();
  const fns = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const leaf = byId.get(id)!;
    add(self, file(leaf), dt);
    add(fns, fn(leaf), dt);
    for (let n: ProfileNode | undefined = leaf; n; n = byId.get(parent.get(n.id) ?? -1)) {
      const f = file(n);
      if (OWN.test(f)) return void add(own, f, dt);
    }
    add(own, file(leaf).startsWith('(') ? file(leaf) : `${file(leaf)} (no own caller)`, dt);
  });
  return { own, self, fns };
}

/** The three script tables; `fps` turns ms a second into ms a frame. */
export function printScript(
  profile: CpuProfile,
  map: SourceMap,
  scriptUrl: string,
  fps: number,
): void {
  const { own, self, fns } = scriptByFile(profile, map, scriptUrl);
  const profileSec = (profile.endTime - profile.startTime) / 1e6;
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([k]) => k !== '(idle)')
      .filter(([, us]) => us / profileSec >= 1000)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, us]) => [k, ms(us / profileSec), ms(us / profileSec / fps)]);
  table(
    'Script by own file (time in it and in what it called)',
    ['file', 'ms/s', 'ms/frame'],
    rank(own),
  );
  table(
    'Script self time by file (libraries by package)',
    ['file', 'ms/s', 'ms/frame'],
    rank(self),
  );
  table(
    'Script self time by function (source line of the function, top 20)',
    ['function', 'ms/s', 'ms/frame'],
    rank(fns),
  );
}
