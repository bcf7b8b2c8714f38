/**
 * The engine's sources and their lifecycle: the live ones in the order added, an open replay
 * beside them (or alone), the names they are given and whether their instruments' ids are
 * qualified. Each source is a ./source-session.ts; the engine makes them and hears them.
 */
import {
  MAX_SOURCES,
  REPLAY_SOURCE_NAME,
  checkSourceName,
  nextSourceName,
} from '../../protocol/source-names';
import type { FeedSource } from '../../protocol/batch';
import type { FeedChoice } from '../../protocol/settings';
import type { StreamState } from './engine-api';
import type { ReplayControlArgs } from './feed-protocol';
import type { MergedPart } from './merged-state';
import type { SourceSession } from './source-session';

/** What the sources ask of the engine. */
export interface SourcesHooks {
  /** A new session; `replay`: the replay's, whose state and gaps count only when it runs alone. */
  readonly session: (name: string, endpoint: string | null, replay: boolean) => SourceSession;
  /** The set of sources, their names or their qualification changed. */
  readonly changed: () => void;
  /** No more frames come under `name` (until a source is added again under it). */
  readonly removed: (name: string) => void;
}

export class Sources {
  /** The live sources in the order added; the first is the one `connect()` switches. */
  private sessions: SourceSession[];
  /** The open replay's source, beside the live ones (or alone: see {@link live}). */
  private replaySession: SourceSession | null = null;
  /**
   * True once live sources were started or connected. Until then (the app started with
   * `--replay`) a replay is shown alone, unprefixed, as the one source.
   */
  private started = false;

  /** Starts with one live source, `sim`, not connected. */
  constructor(
    private readonly hooks: SourcesHooks,
    feedEndpoint: string | null,
  ) {
    this.sessions = [hooks.session('sim', feedEndpoint, false)];
  }

  private get primary(): SourceSession {
    return this.sessions[0]!;
  }

  /** The open replay's session, or null. */
  get replay(): SourceSession | null {
    return this.replaySession;
  }

  /** See {@link started}. */
  get live(): boolean {
    return this.started;
  }

  /** Connects `feeds` (the first as the primary), or `feed` alone when there are none. */
  async start(feeds: readonly FeedChoice[], feed: string | null): Promise<void> {
    this.started = true;
    const [first, ...more] = feeds;
    if (first === undefined) return this.connect(feed);
    this.primary.setFeedEndpoint(first.endpoint);
    const results = await Promise.allSettled([
      this.connect(first.feed),
      ...more.map((choice) => this.add(choice.feed, choice.endpoint)),
    ]);
    const failed = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`${[first, ...more][i]!.feed ?? 'sim'}: ${(result.reason as Error).message}`]
        : [],
    );
    if (failed.length > 0) throw new Error(failed.join('; '));
  }

  async connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    this.started = true;
    // One live source again: the others go (the picker's "replace"); a replay stays.
    const extra = this.sessions.slice(1);
    if (extra.length > 0) {
      this.sessions = [this.primary];
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
    this.requalify();
    await connecting;
  }

  async add(feed: string | null, endpoint: string | null = null, name?: string): Promise<string> {
    if (this.sessions.length >= MAX_SOURCES)
      throw new Error(`at most ${MAX_SOURCES} sources at once; remove one first`);
    // Named once, beside the sources there are: another's removal never renames it.
    const taken = this.names();
    const session = this.hooks.session(
      freeName(name, taken) ?? nextSourceName(feed, taken),
      endpoint,
      false,
    );
    this.sessions = [...this.sessions, session];
    const connecting = session.connect(feed);
    this.requalify();
    try {
      await connecting;
    } catch (err) {
      await this.drop(session);
      throw err;
    }
    return session.name;
  }

  async remove(name: string): Promise<void> {
    const session = this.sessions.find((s) => s.name === name);
    if (session === undefined && name === this.replaySession?.name)
      throw new Error(`"${name}" is the open replay; close the replay instead`);
    if (session === undefined) throw new Error(`no source named "${name}"`);
    if (this.sessions.length === 1)
      throw new Error(`"${name}" is the only source; connect another feed instead`);
    await this.drop(session);
  }

  async openReplay(url: string, source: FeedSource): Promise<void> {
    this.replaySession ??= this.hooks.session(REPLAY_SOURCE_NAME, null, true);
    const connecting = this.replaySession.connect(url, source);
    this.requalify();
    await connecting;
  }

  async closeReplay(): Promise<void> {
    const session = this.replaySession;
    if (session === null) return;
    this.replaySession = null;
    this.requalify();
    await session.disconnect();
  }

  /** Sends a control to the replay server; rejects with its error, or when no replay runs. */
  sendReplayControl(request: ReplayControlArgs): Promise<void> {
    if (this.replaySession === null) return Promise.reject(new Error('no replay is open'));
    const { client, ingest, requests } = this.replaySession;
    const session = client?.activeConnection;
    if (!client || !session) return Promise.reject(new Error('the replay is not connected'));
    if (ingest.replay === null || !session.replayControl)
      return Promise.reject(new Error('the replay feed has not started'));
    const id = client.nextRequestId();
    const reply = requests.wait(id);
    client.send(session.replayControl(request, id));
    return reply;
  }

  /** What a recording of `source` (else of the first recordable source) opens with. */
  streamState(source?: string): StreamState {
    const recordable = this.recordable();
    const session =
      source === undefined ? recordable[0]! : recordable.find((s) => s.name === source);
    if (session === undefined) return { source: source!, hello: null, snapshots: [] };
    return {
      source: session.name,
      hello: session.hello,
      snapshots: session.ingest.state.snapshots(),
    };
  }

  /** The live sources' names, in the order they were added. */
  names(): readonly string[] {
    return this.sessions.map((s) => s.name);
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.primary.setFeedEndpoint(endpoint);
  }

  /** Closes the live connections; a replay stays open. */
  disconnect(): void {
    for (const session of this.sessions) void session.disconnect();
  }

  /** Closes every connection, the replay's too. */
  async close(): Promise<void> {
    const all =
      this.replaySession === null ? this.sessions : [...this.sessions, this.replaySession];
    await Promise.all(all.map((session) => session.disconnect()));
  }

  /** The sources the page is shown: the live ones and a replay beside them, or the replay alone. */
  shown(): SourceSession[] {
    if (this.replaySession === null) return this.sessions;
    return this.started ? [...this.sessions, this.replaySession] : [this.replaySession];
  }

  /** The sources a recording may record: the live ones, or a replay that runs alone. */
  recordable(): SourceSession[] {
    return this.started || this.replaySession === null ? this.sessions : [this.replaySession];
  }

  isRecordable(session: SourceSession): boolean {
    return this.recordable().includes(session);
  }

  /** True when instrument `id` comes from the replay (its ticks carry recorded times). */
  isReplayed(id: string): boolean {
    const replay = this.replaySession;
    if (replay === null) return false;
    return !replay.qualified || id.startsWith(`${REPLAY_SOURCE_NAME}:`);
  }

  /** What the merged state is made of: the shown sources, each with its ids' prefix. */
  parts(): MergedPart[] {
    return this.shown().map((s) => ({
      prefix: s.qualified ? s.name : null,
      state: s.ingest.state,
      ownHistory: s === this.replaySession && s.qualified,
    }));
  }

  /** A live source leaves; once its socket is closed, the name has left too. */
  private async drop(session: SourceSession): Promise<void> {
    this.sessions = this.sessions.filter((s) => s !== session);
    this.requalify();
    await session.disconnect();
    this.hooks.removed(session.name);
  }

  /**
   * Qualifies live ids only while there is more than one live source; a replay beside live
   * sources is always qualified (`replay:<id>`), so opening or closing it leaves the live ids
   * as they are. Names are not touched: a source keeps the one it was added with (a chart, an
   * alert or a recording stream that names `kraken-2` must not move to another connection).
   */
  private requalify(): void {
    const qualified = this.sessions.length > 1;
    for (const s of this.sessions) s.qualified = qualified;
    if (this.replaySession !== null) this.replaySession.qualified = this.started;
    this.hooks.changed();
  }
}

/** `name` when it is a valid live source name not in `taken`, else null. */
function freeName(name: string | undefined, taken: readonly string[]): string | null {
  if (name === undefined || name === REPLAY_SOURCE_NAME || taken.includes(name)) return null;
  return checkSourceName(name) === null ? name : null;
}
