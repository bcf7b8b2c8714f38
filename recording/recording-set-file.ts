/**
 * `sources.json`: what makes a folder of per-source recordings one recording set (several
 * sources recorded at once, docs/RECORDING.md "Several sources"). Each sub-folder it lists is
 * an ordinary recording of one source; this file names them. Declared and checked here, once:
 * the app's recorder writes it, the set reader and the recording list read it.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { isObj } from '../protocol/plain-object';
import { checkSourceName, MAX_SOURCES } from '../protocol/source-names';
import { RecordingError } from './format';
import { statRegularFile } from './regular-file';

/** The file that makes a folder a recording set. */
export const SOURCES_FILE = 'sources.json';
/** Value of its `tickdeck` field; anything else is a foreign file. */
export const RECORDING_SET_KIND = 'recording-set';
/**
 * The newest version this code reads. Version 2 lets a source be listed once per period it was
 * recorded in (removed, then added again); a set whose sources each have one period is written
 * as version 1, which every reader of sets reads.
 */
export const RECORDING_SET_VERSION = 2;
/** Most entries (streams) a set lists: sources, and the periods of those added again. */
export const MAX_SET_STREAMS = 32;
/** Largest `sources.json` read, bytes: enough for every stream with a label at its bound. */
const MAX_SOURCES_FILE_BYTES = 192 * 1024;
/** Latest time accepted in the file, epoch ms (as the index's bound, docs/RECORDING.md "Limits"). */
const MAX_TIME_MS = 8.64e15;

/**
 * One recorded stream: a source's name (the prefix of its instruments on replay), its
 * sub-folder and the period it covers. A source removed and added again while recording has a
 * stream per period, listed in order, each in its own sub-folder ({@link periodDir}).
 */
export interface RecordingSetSource {
  readonly name: string;
  /** The sub-folder holding its recording: one path segment inside the set's folder. */
  readonly dir: string;
  /** Its feed as the app named it (a feed URL or label), for people reading the file. */
  readonly label: string;
  /** When its writer opened and closed, epoch ms on the recorder's clock; `to` null while open. */
  readonly from: number;
  readonly to: number | null;
}

/** Contents of `sources.json`, rewritten (atomically) when a source joins or leaves. */
export interface RecordingSetFile {
  readonly tickdeck: typeof RECORDING_SET_KIND;
  readonly version: number;
  /** When the recording started, epoch ms. */
  readonly start: number;
  readonly sources: readonly RecordingSetSource[];
}

/**
 * The sub-folder of a source's `period`th stream (from 1): `kraken`, then `kraken.2`,
 * `kraken.3`. No source name holds a dot, so no source's folder is another's period.
 */
export function periodDir(name: string, period: number): string {
  return period === 1 ? name : `${name}.${period}`;
}

/** The version to write: 1 when every source is listed once (readable by every reader), else 2. */
export function recordingSetVersion(sources: readonly RecordingSetSource[]): number {
  return new Set(sources.map((s) => s.name)).size === sources.length ? 1 : RECORDING_SET_VERSION;
}

/** The sources' names, each once, in the order first listed. */
export function recordedSourceNames(file: RecordingSetFile): string[] {
  return [...new Set(file.sources.map((s) => s.name))];
}

/** True when `dir` holds a `sources.json` (a recording set, not a flat recording). */
export async function isRecordingSet(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, SOURCES_FILE))).isFile();
  } catch {
    return false;
  }
}

/** Reads and checks `dir/sources.json`; a {@link RecordingError} names the problem. */
export async function readRecordingSetFile(dir: string): Promise<RecordingSetFile> {
  const path = join(dir, SOURCES_FILE);
  let text: string;
  try {
    if ((await statRegularFile(path)).size > MAX_SOURCES_FILE_BYTES)
      throw new RecordingError('TOO_LARGE', path, `larger than ${MAX_SOURCES_FILE_BYTES} bytes`);
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError('NOT_FOUND', path, `cannot read: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RecordingError('CORRUPT', path, `not valid JSON (${(err as Error).message})`);
  }
  const problem = checkRecordingSetFile(value);
  if (problem === null) return value as RecordingSetFile;
  const code = problem.startsWith('version') ? 'UNSUPPORTED_VERSION' : 'CORRUPT';
  throw new RecordingError(code, path, problem);
}

/** Null when `v` is a valid `sources.json`, else the field and what is wrong with it. */
export function checkRecordingSetFile(v: unknown): string | null {
  if (!isObj(v) || v.tickdeck !== RECORDING_SET_KIND)
    return `not a Tickdeck recording set (expected "tickdeck": "${RECORDING_SET_KIND}")`;
  const { version } = v;
  if (version !== 1 && version !== RECORDING_SET_VERSION)
    return `version ${JSON.stringify(version)}; this Tickdeck reads versions 1 and ${RECORDING_SET_VERSION}`;
  if (!isTime(v.start)) return 'start: expected epoch ms';
  const { sources } = v;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SET_STREAMS)
    return `sources: expected 1 to ${MAX_SET_STREAMS} streams`;
  /** Each name's latest stream so far: where it is listed and when it ended. */
  const latest = new Map<string, { readonly at: string; readonly to: number | null }>();
  const dirs = new Set<string>();
  for (const [i, s] of (sources as unknown[]).entries()) {
    const at = `sources[${i}]`;
    if (!isObj(s)) return `${at}: expected an object`;
    if (typeof s.name !== 'string') return `${at}.name: expected a source name`;
    const badName = checkSourceName(s.name);
    if (badName) return `${at}.name: ${badName}`;
    if (typeof s.dir !== 'string' || !isInside(s.dir))
      return `${at}.dir: expected a sub-folder name inside the recording, got ${JSON.stringify(s.dir)}`;
    if (dirs.has(s.dir)) return `${at}.dir: "${s.dir}" is listed twice`;
    dirs.add(s.dir);
    if (typeof s.label !== 'string' || s.label.length > 4096)
      return `${at}.label: expected the feed's label`;
    if (!isTime(s.from)) return `${at}.from: expected epoch ms`;
    if (s.to !== null && !(isTime(s.to) && s.to >= s.from))
      return `${at}.to: expected null or epoch ms not before from`;
    const earlier = latest.get(s.name);
    const again = earlier && checkAgain(s.name, at, s.from, earlier, version);
    if (again) return again;
    if (!earlier && latest.size === MAX_SOURCES) return `sources: more than ${MAX_SOURCES} sources`;
    latest.set(s.name, { at, to: s.to });
  }
  return null;
}

/**
 * Null when a source listed again may be: version 2, and this stream starts once the one
 * before it (listed at `earlier.at`) ended, so the source's streams never overlap.
 */
function checkAgain(
  name: string,
  at: string,
  from: number,
  earlier: { readonly at: string; readonly to: number | null },
  version: unknown,
): string | null {
  if (version === 1)
    return `${at}.name: "${name}" is listed twice (version 1 lists each source once)`;
  if (earlier.to === null)
    return `${at}.name: "${name}" is listed again, but its stream at ${earlier.at} has no end`;
  if (from < earlier.to)
    return `${at}.from: "${name}" starts again before its stream at ${earlier.at} ended`;
  return null;
}

/** One plain path segment: no separator, no `..`, not absolute, so it stays inside the set. */
function isInside(dir: string): boolean {
  return (
    dir.length > 0 &&
    dir.length <= 64 &&
    !isAbsolute(dir) &&
    !dir.includes('/') &&
    !dir.includes('\\') &&
    !dir.includes('\0') &&
    !dir.includes(sep) &&
    dir !== '.' &&
    dir !== '..' &&
    normalize(dir) === dir
  );
}

function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIME_MS;
}
