/**
 * Turns a feed choice (the `Settings.feed` grammar) into a {@link FeedProtocol}, starting the
 * embedded simulator when the choice is empty, or a NATS gateway for a `nats://` source, and
 * stopping them when another source is chosen.
 */
import type { FeedSource } from '../../protocol/health';
import { parseFeedTarget } from '../../protocol/feed-target';
import type { RunningSimulator, SimulatorOptions } from '../../feed-simulator/index';
import { startSimulator } from '../../feed-simulator/index';
import type { ExchangeProtocolFactory, FeedProtocol } from './feed-protocol';
import { tickdeckProtocol } from './tickdeck-protocol';
import { natsAuthFromEnv, type NatsAuth } from './nats/nats-connection';
import { startNatsGateway, type NatsGateway } from './nats/nats-gateway';

export interface SourceOptions {
  readonly feedEndpoint?: string | null;
  readonly simulator?: SimulatorOptions;
  readonly exchanges?: ExchangeProtocolFactory;
  /** Credentials for `nats://` sources; by default from `TICKDECK_NATS_*` (never settings). */
  readonly natsAuth?: NatsAuth;
}

export class SourceResolver {
  private simulator: Promise<RunningSimulator> | null = null;
  private gateway: Promise<NatsGateway> | null = null;
  private feedEndpoint: string | null;

  constructor(private readonly options: SourceOptions) {
    this.feedEndpoint = options.feedEndpoint ?? null;
  }

  /** Changes the exchange endpoint override; it applies from the next `resolve`. */
  setFeedEndpoint(endpoint: string | null): void {
    this.feedEndpoint = endpoint;
  }

  /** Rejects with a user-readable Error for a bad or unavailable feed. */
  async resolve(feed: string | null, source?: FeedSource): Promise<FeedProtocol> {
    const parsed = parseFeedTarget(feed);
    if (!parsed.ok) throw new Error(parsed.error);
    const target = parsed.target;
    switch (target.kind) {
      case 'tickdeck':
        await this.stopSimulator();
        return tickdeckProtocol(target.url, source ?? { kind: 'url', label: target.url });
      case 'exchange': {
        if (!this.options.exchanges)
          throw new Error(`exchange feeds (${target.exchange}) are not available in this build`);
        const protocol = this.options.exchanges(target, this.feedEndpoint);
        await this.stopSimulator();
        return source ? { ...protocol, source } : protocol;
      }
      case 'embedded': {
        await this.stopGateway();
        const simulator = await this.embedded();
        return tickdeckProtocol(simulator.url, source ?? { kind: 'embedded', label: 'Simulator' });
      }
      case 'nats': {
        await this.stopSimulator();
        const starting = startNatsGateway({
          servers: target.servers,
          source: target.source,
          auth: this.options.natsAuth ?? natsAuthFromEnv(),
        });
        this.gateway = starting;
        const gateway = await starting;
        return tickdeckProtocol(gateway.url, source ?? gateway.source);
      }
    }
  }

  /** Stops what the last source started: the embedded simulator or the NATS gateway. */
  async stopSimulator(): Promise<void> {
    await this.stopGateway();
    const simulator = this.simulator;
    this.simulator = null;
    // One that failed to start has nothing to close; its error went to resolve().
    const running = await simulator?.catch(() => null);
    await running?.close();
  }

  private async stopGateway(): Promise<void> {
    const gateway = this.gateway;
    this.gateway = null;
    const running = await gateway?.catch(() => null);
    await running?.close();
  }

  private embedded(): Promise<RunningSimulator> {
    const starting = (this.simulator ??= startSimulator({ ...this.options.simulator, port: 0 }));
    return starting.catch((err: Error) => {
      if (this.simulator === starting) this.simulator = null; // the next connect retries
      throw new Error(`the embedded simulator did not start: ${err.message}`);
    });
  }
}
