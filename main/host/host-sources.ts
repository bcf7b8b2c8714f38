/**
 * The host's live sources: which feeds the engine connects to, the commands that add, remove
 * and switch them, and the check that the page may only point the engine at addresses the user
 * chose (./feed-endpoints). The saved `feeds` list is the engine's sources in order.
 */
import type { Settings, SettingsPatch } from '../../protocol/settings';
import { serialQueue } from '../../shared/serial-queue';
import { feedChoices } from '../../protocol/settings';
import { nameNewSource } from '../../protocol/retired-sources';
import type { FeedEngine } from '../feed/engine-api';
import type { Handlers } from './command-handlers';
import { feedAddress, type FeedEndpoints } from './feed-endpoints';
import type { SettingsStore } from './settings-store';

type SourceChannel =
  'feed:connect' | 'feed:disconnect' | 'feed:reconnect' | 'feed:add' | 'feed:remove';

export class HostSources {
  /**
   * False while the app runs a replay it was started with (`--replay`) and no live source yet:
   * closing that replay connects the chosen feeds. Otherwise a replay runs beside them.
   */
  liveStarted = false;
  readonly handlers: Handlers<SourceChannel>;
  /**
   * Changes of the sources run one at a time, the page's source commands (a Disconnect too) and
   * workspace switches in one queue: each saves the list its own engine change left (a removal
   * by the source's place in it), and a switch reconnects when the sources it saved differ from
   * those before it, so two changes at once (two pages, the Source picker during a switch) must
   * not interleave, or the saved list stops matching the engine's.
   */
  private readonly serial = serialQueue();

  constructor(
    private readonly engine: FeedEngine,
    private readonly settings: SettingsStore,
    private readonly endpoints: FeedEndpoints,
    /** Saves a change the page asked for and announces it to every page. */
    save: (patch: SettingsPatch) => Promise<Settings>,
  ) {
    this.handlers = {
      'feed:connect': async (feed) => {
        await this.admit(feed, null);
        await this.serial(async () => {
          // Switches the live source; a replay open beside it stays open.
          this.liveStarted = true;
          await engine.connect(feed);
          await save({ feed });
        });
      },
      // In the queue too: a Disconnect during a Reconnect or a switch would otherwise close only
      // the sources connected so far, and the change would go on to connect the rest.
      'feed:disconnect': () => this.serial(() => engine.disconnect()),
      // The saved sources were each admitted when chosen (or given on the command line).
      'feed:reconnect': () => this.connectChosen(),
      'feed:add': async (feed, endpoint) => {
        await this.admit(feed, endpoint);
        return this.serial(async () => {
          const current = settings.current();
          const { retiredSources } = current;
          const [first, ...more] = feedChoices(current);
          // The one source before it is saved with a name from now on (the single-source form
          // names none): not one a source that left had, unless it is that source (bug 152).
          const firstName =
            first!.name ?? nameNewSource(first!.feed, first!.endpoint, [], retiredSources);
          if (this.liveStarted && engine.sourceNames()[0] !== firstName)
            await engine.connect(first!.feed, undefined, firstName);
          // Not a name a source that left had, unless this is that source again (bug 147); nor a
          // saved one that did not start (bug 134).
          const live = [
            ...engine.sourceNames(),
            ...feedChoices(current).flatMap((c) => c.name ?? []),
            firstName,
          ];
          const given = nameNewSource(feed, endpoint, live, retiredSources);
          const name = await engine.addSource(feed, endpoint, given);
          // Saved with its name, and the first with its own, so each keeps its name across
          // restarts (bug 132).
          await save({
            feeds: [{ ...first!, name: firstName }, ...more, { feed, endpoint, name }],
          });
          return name;
        });
      },
      'feed:remove': (name) =>
        this.serial(async () => {
          // By its saved name (bug 134): the engine's list lacks a saved source that failed to
          // start, so the place in it can be another's in the saved list. A list saved without
          // names (the page's) is the engine's, in order.
          const place = engine.sourceNames().indexOf(name);
          await engine.removeSource(name);
          const chosen = feedChoices(settings.current());
          const named = chosen.every((choice) => choice.name !== undefined);
          const index = named ? chosen.findIndex((choice) => choice.name === name) : place;
          const feeds = chosen.filter((_, i) => i !== index);
          // Down to one: back to the single-source form (no `feeds`, no prefixes).
          await save(
            feeds.length === 1
              ? { feed: feeds[0]!.feed, feedEndpoint: feeds[0]!.endpoint, feeds: [] }
              : { feeds },
          );
        }),
    };
  }

  /** Connects the sources the settings choose, in place of the live ones (a replay stays). */
  connectChosen(): Promise<void> {
    return this.serial(() => this.connectChosenNow());
  }

  /**
   * A workspace switch, in the sources' queue: `apply` puts the workspace's settings in use,
   * the sources they choose are connected when they differ from those before, then `done`
   * (the workspace made current) answers the switch.
   */
  switchTo<T>(apply: () => Promise<unknown>, done: () => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const sources = () => JSON.stringify(feedChoices(this.settings.current()));
      const before = sources();
      await apply();
      if (sources() !== before) await this.connectChosenNow();
      return done();
    });
  }

  private async connectChosenNow(): Promise<void> {
    this.liveStarted = true;
    const [first, ...more] = feedChoices(this.settings.current());
    this.engine.setFeedEndpoint(first!.endpoint);
    // Under their saved names (bug 132); one source alone has none, and needs none.
    await this.engine.connect(first!.feed, undefined, first!.name);
    for (const choice of more)
      await this.engine.addSource(choice.feed, choice.endpoint, choice.name);
  }

  /** Rejects unless the user chose the addresses the page names (see ./feed-endpoints). */
  async admit(feed: string | null, feedEndpoint: string | null): Promise<void> {
    const address = feedAddress(feed);
    if (address !== null) await this.endpoints.admit(address);
    if (feedEndpoint !== null) await this.endpoints.admit(feedEndpoint);
  }
}
