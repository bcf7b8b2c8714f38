/**
 * The engine's live sources, in the order added: the first is the one `connect()` switches,
 * each named once beside the others (a removal never renames one), at most `MAX_SOURCES`.
 * Apart from ./sources.ts, which sets them beside an open replay and says which sources are
 * shown, recorded and qualified.
 */
import {
  MAX_SOURCES,
  REPLAY_SOURCE_NAME,
  checkSourceName,
  nextSourceName,
} from '../../protocol/source-names';
import type { FeedSource } from '../../protocol/health';
import type { FeedChoice } from '../../protocol/settings';
import type { SourceSession } from './source-session';

/** What the live sources ask of their owner. */
export interface LiveSourcesHooks {
  /** A new live session. */
  readonly session: (name: string, endpoint: string | null) => SourceSession;
  /** The set of sources or their names changed. */
  readonly changed: () => void;
  /** Sessions came or went: their ids' qualification is set again (then `changed`). */
  readonly requalify: () => void;
  /** No more frames come under `name` (until a source is added again under it). */
  readonly removed: (name: string) => void;
}

export class LiveSources {
  private list: SourceSession[];

  /** Starts with one live source, `sim`, not connected. */
  constructor(
    private readonly hooks: LiveSourcesHooks,
    feedEndpoint: string | null,
  ) {
    this.list = [hooks.session('sim', feedEndpoint)];
  }

  /** The live sessions, in the order added. */
  get sessions(): readonly SourceSession[] {
    return this.list;
  }

  private get primary(): SourceSession {
    return this.list[0]!;
  }

  /**
   * Connects `feeds` (the first as the primary) under their saved names, or `feed` alone when
   * there are none.
   */
  async start(feeds: readonly FeedChoice[], feed: string | null): Promise<void> {
    const [first, ...more] = feeds;
    if (first === undefined) return this.connect(feed);
    this.primary.setFeedEndpoint(first.endpoint);
    const results = await Promise.allSettled([
      this.connect(first.feed, undefined, first.name),
      ...more.map((choice) => this.add(choice.feed, choice.endpoint, choice.name)),
    ]);
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`${[first, ...more][i]!.feed ?? 'sim'}: ${(result.reason as Error).message}`]
        : [],
    );
    if (failed.length > 0) throw new Error(failed.join('; '));
  }

  async connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    // One live source again: the others go (the picker's "replace"); a replay stays.
    const extra = this.list.slice(1);
    if (extra.length > 0) {
      this.list = [this.primary];
      this.hooks.changed();
      await Promise.all(extra.map((session) => session.disconnect()));
      for (const session of extra) this.hooks.removed(session.name);
    }
    // The one live source now: it is named afresh after its new feed. Under a new name, the
    // old one has left (a source that keeps its name and changes feed is told by `connected`).
    const was = this.primary.name;
    this.primary.name = freeName(name, []) ?? nextSourceName(feed, []);
    if (this.primary.name !== was) this.hooks.removed(was);
    const connecting = this.primary.connect(feed, source);
    this.hooks.requalify();
    await connecting;
  }

  async add(feed: string | null, endpoint: string | null = null, name?: string): Promise<string> {
    if (this.list.length >= MAX_SOURCES)
      throw new Error(`at most ${MAX_SOURCES} sources at once; remove one first`);
    // Named once, beside the sources there are: another's removal never renames it.
    const taken = this.names();
    const session = this.hooks.session(
      freeName(name, taken) ?? nextSourceName(feed, taken),
      endpoint,
    );
    this.list = [...this.list, session];
    const connecting = session.connect(feed);
    this.hooks.requalify();
    try {
      await connecting;
    } catch (err) {
      await this.drop(session);
      throw err;
    }
    return session.name;
  }

  async remove(name: string): Promise<void> {
    const session = this.list.find((s) => s.name === name);
    if (session === undefined) throw new Error(`no source named "${name}"`);
    if (this.list.length === 1)
      throw new Error(`"${name}" is the only source; connect another feed instead`);
    await this.drop(session);
  }

  /** The live sources' names, in the order they were added. */
  names(): readonly string[] {
    return this.list.map((s) => s.name);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.primary.setFeedEndpoint(endpoint);
  }

  /** Closes the live connections. */
  disconnect(): void {
    for (const session of this.list) void session.disconnect();
  }

  /** A live source leaves; once its socket is closed, the name has left too. */
  private async drop(session: SourceSession): Promise<void> {
    this.list = this.list.filter((s) => s !== session);
    this.hooks.requalify();
    await session.disconnect();
    this.hooks.removed(session.name);
  }
}

/** `name` when it is a valid live source name not in `taken`, else null. */
function freeName(name: string | undefined, taken: readonly string[]): string | null {
  if (name === undefined || name === REPLAY_SOURCE_NAME || taken.includes(name)) return null;
  return checkSourceName(name) === null ? name : null;
}
