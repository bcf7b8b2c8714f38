/**
 * Whether a source's relay is heard: it sends a heartbeat every second while its source is live
 * (docs/PROTOCOL.md, "NATS mapping"). A desk's first session opens from the stored hello
 * whatever it hears, so a late joiner sees the last states of a source that stopped (going
 * stale at once); after that, a session opens again only while the relay is heard. Before, a
 * desk whose relay had died reconnected every few seconds, and each session showed the stored
 * hello and states as live until the stall: LIVE, STALE, DOWN and DELAYED in turn, for as
 * long as the relay stayed away.
 */
import type { NatsConnection } from '@nats-io/nats-core';

/** How long after the relay's last heartbeat it counts as silent, ms: three heartbeats. */
export const RELAY_SILENT_MS = 3_000;

export class RelayLiveness {
  /** The last heartbeat, on the monotonic clock (`performance.now()`). */
  private heardAt = -Infinity;
  private opened = false;

  constructor(private readonly source: string) {}

  /** Listens for the relay's heartbeats on `subject` of this connection (until it closes). */
  watch(nc: NatsConnection, subject: string): void {
    nc.subscribe(subject, { callback: () => void (this.heardAt = performance.now()) });
  }

  /** Null when a session may open now (the first, or the relay heard lately); else why not. */
  refusal(): string | null {
    if (this.opened && performance.now() - this.heardAt > RELAY_SILENT_MS)
      return `relay of "${this.source}" silent for ${RELAY_SILENT_MS / 1000} s (not running, or its source down)`;
    this.opened = true;
    return null;
  }
}
