/**
 * The host's replay: the replay controller, the replay commands, and the replay the app was
 * started with (`--replay`: a recording folder, or a NATS history copied to a temporary
 * recording that is removed at close).
 */
import type { Notice } from '../../protocol/ipc';
import { isNatsReplay } from '../../protocol/feed-target';
import { exchangeFrameTranslator } from '../feed/adapters/replay-translator';
import type { FeedEngine } from '../feed/engine-api';
import type { Handlers } from './command-handlers';
import { StartError } from './host-api';
import type { HostSources } from './host-sources';
import { openNatsReplay, type NatsReplayCopy } from './nats-replay';
import { ReplayController } from './replay-controller';

type ReplayChannel = 'replay:open' | 'replay:choose' | 'replay:control' | 'replay:close';

export class HostReplay {
  readonly handlers: Handlers<ReplayChannel>;
  private readonly controller: ReplayController;
  /** The temporary copy a `--replay nats://...` plays, removed at close. */
  private natsCopy: NatsReplayCopy | null = null;

  constructor(
    engine: FeedEngine,
    sources: HostSources,
    private readonly notify: (notice: Notice) => void,
  ) {
    const controller = new ReplayController({
      engine,
      translate: exchangeFrameTranslator,
      onWarning: (message) => notify({ level: 'warning', message }),
    });
    this.controller = controller;
    this.handlers = {
      'replay:open': (path) => controller.open(path),
      'replay:choose': () => {
        throw new Error(
          'choosing a folder needs the desktop app; in browser mode start with --replay <dir>',
        );
      },
      'replay:control': (control) => controller.control(control),
      'replay:close': async () => {
        await controller.close();
        // The live sources ran on beside the replay; only a replay opened alone left none.
        if (!sources.liveStarted) await sources.connectChosen();
      },
    };
  }

  /**
   * Opens the replay the app was started with; rejects with a {@link StartError} saying why it
   * would not open (bug 224: the app started its live feed instead, and browser mode's terminal
   * said "replay of" the folder while it served the live feed, the reason only in the page).
   */
  async openAtStart(replay: string): Promise<void> {
    try {
      if (isNatsReplay(replay)) {
        this.natsCopy = await openNatsReplay(this.controller, replay);
        if (this.natsCopy.truncated)
          this.notify({
            level: 'warning',
            message: 'The NATS history was cut at 5,000,000 messages',
          });
      } else await this.controller.open(replay);
    } catch (err) {
      throw new StartError(`--replay: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Closes the replay and removes a NATS history's temporary copy. */
  async close(): Promise<void> {
    await this.controller.close().catch(() => undefined);
    await this.natsCopy?.remove();
  }
}
