/**
 * The engine's sources and their lifecycle: the live ones in the order added (kept and named
 * by ./live-sources.ts), an open replay beside them (or alone), which are shown and recorded,
 * and whether their instruments' ids are qualified. Each source is a ./source-session.ts; the
 * engine makes them and hears them, through this one door.
 */
import { REPLAY_SOURCE_NAME } from '../../protocol/source-names';
import type { FeedSource } from '../../protocol/health';
import type { FeedChoice } from '../../protocol/settings';
import type { SeekBars } from './bar-rebuild';
import type { ReplayControlArgs } from './feed-protocol';
import { LiveSources } from './live-sources';
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
  /** The live sources in the order added (./live-sources.ts). */
  private readonly liveSources: LiveSources;
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
    this.liveSources = new LiveSources(
      {
        session: (name, endpoint) => hooks.session(name, endpoint, false),
        changed: () => hooks.changed(),
        requalify: () => this.requalify(),
        removed: (name) => hooks.removed(name),
      },
      feedEndpoint,
    );
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
  start(feeds: readonly FeedChoice[], feed: string | null): Promise<void> {
    this.started = true;
    return this.liveSources.start(feeds, feed);
  }

  /** One live source again, connected to `feed`; the others go, a replay stays. */
  connect(feed: string | null, source?: FeedSource, name?: string): Promise<void> {
    this.started = true;
    return this.liveSources.connect(feed, source, name);
  }

  /** Adds a live source; resolves with the name it was given. */
  add(feed: string | null, endpoint: string | null = null, name?: string): Promise<string> {
    return this.liveSources.add(feed, endpoint, name);
  }

  remove(name: string): Promise<void> {
    if (name === this.replaySession?.name && !this.liveSources.names().includes(name))
      return Promise.reject(new Error(`"${name}" is the open replay; close the replay instead`));
    return this.liveSources.remove(name);
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

  /**
   * Sends a control to the replay server; rejects with its error, or when no replay runs. A
   * seek's `bars`, read from the recording, wait for the server's answer (bar-rebuild.ts).
   */
  sendReplayControl(request: ReplayControlArgs, bars?: SeekBars): Promise<void> {
    if (this.replaySession === null) return Promise.reject(new Error('no replay is open'));
    const { client, ingest, requests } = this.replaySession;
    const session = client?.activeConnection;
    if (!client || !session) return Promise.reject(new Error('the replay is not connected'));
    if (ingest.replay === null || !session.replayControl)
      return Promise.reject(new Error('the replay feed has not started'));
    if (bars && request.action === 'seek') ingest.expectSeek(bars);
    const id = client.nextRequestId();
    const reply = requests.wait(id);
    client.send(session.replayControl(request, id));
    return reply;
  }

  /** The live sources' names, in the order they were added. */
  names(): readonly string[] {
    return this.liveSources.names();
  }

  setFeedEndpoint(endpoint: string | null): void {
    this.liveSources.setFeedEndpoint(endpoint);
  }

  /** Closes the live connections; a replay stays open. */
  disconnect(): void {
    this.liveSources.disconnect();
  }

  /** Closes every connection, the replay's too. */
  async close(): Promise<void> {
    const live = this.liveSources.sessions;
    const all = this.replaySession === null ? live : [...live, this.replaySession];
    await Promise.all(all.map((session) => session.disconnect()));
  }

  /** The sources the page is shown: the live ones and a replay beside them, or the replay alone. */
  shown(): readonly SourceSession[] {
    const live = this.liveSources.sessions;
    if (this.replaySession === null) return live;
    return this.started ? [...live, this.replaySession] : [this.replaySession];
  }

  /** The sources a recording may record: the live ones, or a replay that runs alone. */
  recordable(): readonly SourceSession[] {
    if (this.started || this.replaySession === null) return this.liveSources.sessions;
    return [this.replaySession];
  }

  isRecordable(session: SourceSession): boolean {
    return this.recordable().includes(session);
  }

  /**
   * True when instrument `id` comes from a replay (its ticks carry recorded times): the one
   * opened here, or a source whose server replays (`npm run feed -- replay`, bug 204).
   */
  isReplayed(id: string): boolean {
    const has = (s: SourceSession) => !s.qualified || id.startsWith(`${s.name}:`);
    if (this.replaySession !== null && has(this.replaySession)) return true;
    return this.liveSources.sessions.some((s) => s.ingest.replay !== null && has(s));
  }

  /**
   * Qualifies live ids only while there is more than one live source; a replay beside live
   * sources is always qualified (`replay:<id>`), so opening or closing it leaves the live ids
   * as they are. Names are not touched: a source keeps the one it was added with (a chart, an
   * alert or a recording stream that names `kraken-2` must not move to another connection).
   */
  private requalify(): void {
    const live = this.liveSources.sessions;
    const qualified = live.length > 1;
    for (const s of live) s.qualified = qualified;
    if (this.replaySession !== null) this.replaySession.qualified = this.started;
    this.hooks.changed();
  }
}
