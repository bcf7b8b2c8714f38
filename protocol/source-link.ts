/**
 * Where a source's data comes from and how its connection stands, as the health bar, the stale
 * banner and a source's chip say them: the feed client's state, the source's kind and label,
 * and, for a NATS desk, which link beyond the engine's own connection is down. Carried in the
 * engine's health (./health.ts).
 */

/**
 * Connection lifecycle of the feed client, as the user sees it: `connecting` until the feed's
 * first frame (an open socket that says nothing is not live), `live` from it.
 */
export type ConnectionState =
  | { readonly state: 'connecting'; readonly attempt: number }
  | { readonly state: 'live' }
  | { readonly state: 'stalled'; readonly silentMs: number }
  | {
      readonly state: 'reconnecting';
      readonly attempt: number;
      readonly nextRetryAt: number;
      readonly reason: string;
    }
  | { readonly state: 'closed' }
  | { readonly state: 'failed'; readonly reason: string };

/** Where the data comes from. */
export type FeedSource = (
  | { readonly kind: 'embedded'; readonly label: string }
  | { readonly kind: 'url'; readonly label: string }
  | { readonly kind: 'exchange'; readonly label: string }
  | { readonly kind: 'replay'; readonly label: string }
  | { readonly kind: 'none'; readonly label: string }
) & {
  /**
   * The link beyond the engine's own connection that brings no data, when the server it reads
   * can tell: a NATS desk's gateway knows whether NATS, the relay or the relay's own feed is
   * down. Absent when none is, or the server cannot tell.
   */
  readonly linkDown?: LinkDown;
};

/**
 * Which link of a NATS desk's chain is down (bug 235): `nats`, no NATS server answers the
 * desk; `relay`, the relay sends nothing (stopped, failing over, cut from NATS); `relay-feed`,
 * the relay is up and says its own feed is down.
 */
export interface LinkDown {
  readonly link: 'nats' | 'relay' | 'relay-feed';
  /**
   * Since when, epoch ms (host clock): the NATS connection lost, the relay's last heartbeat,
   * or the first report of its feed down; null when not heard since the desk started.
   */
  readonly since: number | null;
  /** The words of who saw it: the NATS client's error, the relay's report of its feed. */
  readonly reason: string | null;
}
