/**
 * The chaos soak's checks: now and then a fresh subscriber takes the truth (its snapshots), and
 * each instrument's truth waits for the engine to show a row with the same trade count, which
 * must then hold the same figures. Rows the engine knows to be behind (a gap awaiting its
 * snapshot) are not compared; seq jumps on the wire count the events the feed never delivered.
 */
import WebSocket from 'ws';
import { decodeServerMessage } from '../protocol/decode';
import type { ServerMessage } from '../protocol/feed';
import type { MarketRow } from '../protocol/market-rows';

/** One comparison of the engine's state with a fresh subscriber's snapshot. */
export interface StateCheck {
  readonly instrument: string;
  readonly trades: number;
  readonly outcome: 'equal' | 'mismatch' | 'not-seen';
  readonly detail?: string;
}

const STATE_KEYS = ['volume', 'last', 'high', 'low', 'open'] as const;
/** Rows kept per instrument to find the one a snapshot describes. */
const ROW_HISTORY = 400;
/** A check not matched by a row within this long is counted as not seen. */
const CHECK_WAIT_MS = 4_000;

/** Snapshots a fresh subscriber receives: the truth at the moment it subscribed. */
async function freshSnapshots(url: string, timeoutMs = 1_500): Promise<Map<string, MarketRow>> {
  const truth = new Map<string, MarketRow>();
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('error', () => {});
  let expected = Infinity;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    ws.on('message', (data) => {
      const decoded = decodeServerMessage(data.toString());
      if (!decoded.ok) return;
      const m = decoded.value;
      if (m.op === 'hello') {
        expected = m.instruments.filter((i) => i.kind === 'market').length;
        ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
      } else if (m.op === 'snapshot' && m.state.kind === 'market') {
        truth.set(m.instrument, { id: m.instrument, ...m.state } as unknown as MarketRow);
        if (truth.size >= expected) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    ws.on('close', () => resolve());
  });
  ws.terminate();
  return truth;
}

export class StateChecks {
  readonly checks: StateCheck[] = [];
  /** Events the feed never delivered (seq jumps seen on the wire), later covered by snapshots. */
  eventsDroppedByFeed = 0;
  private readonly rows = new Map<string, MarketRow[]>();
  private readonly awaitingSnapshot = new Set<string>();
  private readonly lastSeq = new Map<string, number>();
  private readonly pending: { truth: MarketRow; until: number }[] = [];

  /** Truths still waiting for their row. */
  get waiting(): number {
    return this.pending.length;
  }

  /** A market row the engine showed. */
  shown(row: MarketRow): void {
    // While a gap awaits its snapshot the engine knows the row is behind; it is not compared.
    // Before its first snapshot an instrument shows an empty row: nothing to compare yet.
    if (this.awaitingSnapshot.has(row.id) || !this.lastSeq.has(row.id)) return;
    let list = this.rows.get(row.id);
    if (!list) this.rows.set(row.id, (list = []));
    list.push(row);
    if (list.length > ROW_HISTORY) list.shift();
    this.settle(row);
  }

  /** A message as the engine received it. */
  received(m: ServerMessage): void {
    if (m.op === 'snapshot') {
      this.lastSeq.set(m.instrument, m.seq);
      this.awaitingSnapshot.delete(m.instrument);
    }
    if (m.op !== 'ticks') return;
    for (const t of m.ticks) {
      const prev = this.lastSeq.get(t.instrument);
      const step = t.conflated ?? 1;
      if (prev !== undefined && t.seq > prev + step) {
        this.eventsDroppedByFeed += t.seq - prev - step;
        this.awaitingSnapshot.add(t.instrument);
      }
      if (prev === undefined || t.seq > prev) this.lastSeq.set(t.instrument, t.seq);
    }
  }

  /**
   * Takes the truth from a fresh subscriber of `url`; each instrument's waits for its row.
   * Truths that waited too long are counted as not seen.
   */
  async probe(url: string): Promise<void> {
    const truth = await freshSnapshots(url);
    const now = Date.now();
    for (const row of truth.values()) {
      // The engine may already be past it: look back in what it showed first.
      const seen = this.rows.get(row.id)?.findLast((x) => x.trades === row.trades);
      this.pending.push({ truth: row, until: now + CHECK_WAIT_MS });
      if (seen) this.settle(seen);
    }
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i]!.until >= now) continue;
      this.checks.push({ instrument: this.pending[i]!.truth.id, trades: -1, outcome: 'not-seen' });
      this.pending.splice(i, 1);
    }
  }

  /** Ends the checks: the truths still waiting are counted as not seen. */
  finish(): void {
    for (const p of this.pending.splice(0))
      this.checks.push({ instrument: p.truth.id, trades: -1, outcome: 'not-seen' });
  }

  count(outcome: StateCheck['outcome']): number {
    return this.checks.filter((c) => c.outcome === outcome).length;
  }

  /** Compares `row` with every truth of its instrument at its trade count. */
  private settle(row: MarketRow): void {
    const pending = this.pending;
    for (let i = pending.length - 1; i >= 0; i--) {
      const { truth } = pending[i]!;
      if (truth.id !== row.id || truth.trades !== row.trades) continue;
      const diff = STATE_KEYS.filter((k) => truth[k] !== row[k]);
      this.checks.push({
        instrument: row.id,
        trades: row.trades,
        outcome: diff.length === 0 ? 'equal' : 'mismatch',
        ...(diff.length
          ? { detail: diff.map((k) => `${k}: ${row[k]} vs ${truth[k]}`).join(', ') }
          : {}),
      });
      pending.splice(i, 1);
    }
  }
}
