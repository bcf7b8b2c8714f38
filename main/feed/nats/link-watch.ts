/**
 * Which link of a NATS desk's chain brings no data (bug 235): the desk's NATS connection, the
 * relay (its heartbeats stopped) or the relay's own feed (the relay says so,
 * protocol/nats-source-down.ts). The engine's feed client sees only the gateway on 127.0.0.1
 * go quiet, and said "no data from the feed" for all three; the gateway watches the relay's
 * subjects once, for every session, and the health names the link (`FeedSource.linkDown`).
 */
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { LinkDown } from '../../../protocol/health';
import type { NatsNames } from '../../../protocol/nats';
import { decodeSourceDown, MAX_SOURCE_DOWN_BYTES } from '../../../protocol/nats-source-down';

/**
 * No relay heartbeat for this long means the relay is silent, ms: two of its 1 s heartbeats
 * missed (`RELAY_HEARTBEAT_MS`), sooner than the engine's stall (1.5 heartbeats, then a
 * reconnect) is shown for long.
 */
export const RELAY_SILENT_MS = 2_000;

const decoder = new TextDecoder();

export class LinkWatch {
  private heardAt: number | null = null;
  /** The relay's last report of its feed down, and when this run of reports began. */
  private feedDown: { reason: string; since: number } | null = null;
  /** The NATS connection lost (or never made): since when, and why. */
  private natsDown: { since: number; reason: string } | null;
  private subscriptions: Subscription[] = [];
  private followed: NatsConnection | null = null;

  constructor(
    private readonly names: NatsNames,
    private readonly startedAt: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.natsDown = { since: startedAt, reason: 'connecting' };
  }

  /** Reads the relay's subjects on `nc`, the gateway's connection now. */
  follow(nc: NatsConnection): void {
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.followed = nc;
    this.natsDown = null;
    this.subscriptions = [
      nc.subscribe(this.names.heartbeat, { callback: () => this.heartbeat() }),
      nc.subscribe(this.names.sourceDown, {
        // Not decoded past the bound: a peer's megabyte is refused by its size alone.
        callback: (_err, msg) =>
          this.sourceDown(decoder.decode(msg.data.subarray(0, MAX_SOURCE_DOWN_BYTES + 1))),
      }),
    ];
    void (async () => {
      for await (const s of nc.status()) {
        if (this.followed !== nc) return; // a connection the gateway replaced
        if (s.type === 'disconnect') this.lost(`lost the NATS server ${s.server}`);
        if (s.type === 'reconnect') this.natsDown = null;
      }
    })();
  }

  /** No NATS connection: why (the last attempt's error, or a connection closed). */
  lost(reason: string): void {
    this.natsDown = { since: this.natsDown?.since ?? this.clock(), reason };
  }

  /** The relay's heartbeat: it and its feed are up. */
  heartbeat(): void {
    this.heardAt = this.clock();
    this.feedDown = null;
  }

  /**
   * A live message of the relay's, told by a session: the relay is up (its first tick after a
   * restart comes before its first heartbeat, and makes the desk live).
   */
  heard(): void {
    this.heardAt = this.clock();
  }

  /** A report of the relay's feed down; a malformed one is dropped (the relay is not silent). */
  sourceDown(text: string): void {
    const decoded = decodeSourceDown(text);
    const now = this.clock();
    this.heardAt = now;
    if (!decoded.ok) return;
    this.feedDown = { reason: decoded.reason, since: this.feedDown?.since ?? now };
  }

  /** The link down at `now`, or undefined while the relay is heard and its feed is live. */
  linkDown(now: number = this.clock()): LinkDown | undefined {
    if (this.natsDown !== null)
      return { link: 'nats', since: this.natsDown.since, reason: this.natsDown.reason };
    const heard = this.heardAt ?? this.startedAt;
    if (now - heard > RELAY_SILENT_MS) return { link: 'relay', since: this.heardAt, reason: null };
    if (this.feedDown !== null)
      return { link: 'relay-feed', since: this.feedDown.since, reason: this.feedDown.reason };
    return undefined;
  }

  close(): void {
    this.followed = null;
    for (const sub of this.subscriptions) sub.unsubscribe();
    this.subscriptions = [];
  }
}
