/**
 * The relay's source, read with the engine's own feed client and fold (reconnect, stall,
 * resume, gap resync: main/feed/): each message folded, then published; and the relay's own
 * heartbeat, which tells the desks the source is live and carries the last seqs.
 */
import type { ConnectionState } from '../protocol/health';
import type { ServerMessage, SnapshotMessage } from '../protocol/feed';
import { FeedClient } from '../main/feed/feed-client';
import type { FeedProtocol } from '../main/feed/feed-protocol';
import { Ingest } from '../main/feed/ingest';
import type { Metrics } from '../main/feed/metrics';
import { PendingRequests } from '../main/feed/pending-requests';
import { RELAY_HEARTBEAT_MS, type RelayPublisher } from './relay-publisher';

export class SourceReader {
  private readonly ingest: Ingest;
  private client: FeedClient | null = null;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private connection: ConnectionState = { state: 'closed' };

  /**
   * @param report told of what went wrong with the source (a malformed frame, a disconnect)
   * @param changed told when the source's connection state changed
   */
  constructor(
    private readonly metrics: Metrics,
    private readonly report: (message: string) => void,
    private readonly changed: () => void,
  ) {
    const requests = new PendingRequests();
    this.ingest = new Ingest(metrics, requests, (ids, _at, repaired) => {
      if (!repaired) this.client?.resync(ids);
    });
  }

  /** The source's connection. */
  get state(): ConnectionState {
    return this.connection;
  }

  /** The latest state of every instrument, as the relay folded it. */
  snapshots(): SnapshotMessage[] {
    return this.ingest.state.snapshots();
  }

  /** Connects to the source and publishes what it sends through `live`. */
  start(protocol: FeedProtocol, live: RelayPublisher): void {
    const { ingest, metrics, report } = this;
    this.client = new FeedClient(
      protocol,
      {
        state: (s) => {
          this.connection = s;
          this.changed();
        },
        frame: () => {},
        messages: (messages: readonly ServerMessage[], receivedAt) => {
          for (const message of messages) {
            // Folded first: the relay's own state must hold a tick before its snapshot is stored.
            ingest.fold(message, receivedAt);
            live.publish(message);
            const newest = message.op === 'ticks' ? message.ticks.at(-1) : undefined;
            if (newest !== undefined) metrics.addLatency(Math.max(0, Date.now() - newest.ts));
          }
        },
        lost: (lostStates, receivedAt) => ingest.lost(lostStates, receivedAt),
        malformed: (error) => report(`malformed frame from the source skipped: ${error}`),
        problem: report,
        connected: () => {},
        disconnected: (reason) => report(`source disconnected: ${reason}`),
      },
      { resumePoints: () => ingest.state.sequence.resumePoints() },
    );
    this.client.start();
    // The relay's own heartbeat says "the source is live": silence makes desktops go stale.
    // While it is not, the relay says why, so a desk tells its source's outage from its own.
    // The last seqs go with it, and once more after the source stops if they changed since:
    // a desk that lost an instrument's last ticks sees it there (protocol/nats-seqs.ts).
    let seqsVersion = -1;
    this.heartbeatTimer = setInterval(() => {
      const isLive = this.connection.state === 'live';
      if (isLive) live.heartbeat(Date.now());
      else live.sourceDown(this.connection);
      if (!isLive && seqsVersion === ingest.state.version) return;
      seqsVersion = ingest.state.version;
      live.lastSeqs(ingest.state.sequence.resumePoints());
    }, RELAY_HEARTBEAT_MS);
  }

  /** Stops the heartbeat and closes the source's connection. */
  close(): void {
    clearInterval(this.heartbeatTimer);
    this.client?.close();
  }
}
