/**
 * What an open feed connection needs on a schedule: the feed's application-level keepalive
 * frame (Kraken's idle timeout) and its renewal before the feed's connection age limit
 * (Binance's 24 h cut).
 */
import type { FeedConnection } from './feed-protocol';
import { formatAge } from './disconnect-reasons';

/** What the upkeep asks of the connection's owner. */
export interface UpkeepActions {
  send(frame: string): void;
  /** Replace the connection, saying why. */
  renew(reason: string): void;
}

export class ConnectionUpkeep {
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;

  constructor(private readonly actions: UpkeepActions) {}

  /** The connection opened: keep it alive, and renew it at `maxAgeMs` when the feed has one. */
  start(keepalive: FeedConnection['keepalive'], maxAgeMs: number | undefined): void {
    this.stop();
    if (maxAgeMs !== undefined)
      this.ageTimer = setTimeout(
        () => this.actions.renew(`renewing the connection after ${formatAge(maxAgeMs)}`),
        maxAgeMs,
      );
    if (keepalive)
      this.keepaliveTimer = setInterval(
        () => this.actions.send(keepalive.frame()),
        keepalive.intervalMs,
      );
  }

  stop(): void {
    clearInterval(this.keepaliveTimer);
    clearTimeout(this.ageTimer);
  }
}
