/** A load's fast client: reads every frame, checks each instrument's seqs follow on, times each tick. */
import WebSocket from 'ws';
import type { ServerMessage } from '../protocol/feed';
import { percentileOfSorted, type ClientKind, type FastClientResult } from './load-report';

/** Latency samples each fast client keeps at most. */
const MAX_LATENCY_SAMPLES = 20_000;

/** A light client: counts and checks as frames arrive, keeps nothing else. */
export class FastClient {
  ticks = 0;
  violations = 0;
  private readonly latencies: number[] = [];
  private readonly last = new Map<string, number>();

  constructor(
    readonly ws: WebSocket,
    readonly kind: ClientKind,
    private readonly measuring: () => boolean,
  ) {
    ws.on('message', (data) => this.receive(JSON.parse(data.toString()) as ServerMessage));
  }

  private receive(m: ServerMessage): void {
    if (m.op === 'snapshot') this.last.set(m.instrument, m.seq);
    if (m.op !== 'ticks') return;
    const now = Date.now();
    for (const t of m.ticks) {
      const prev = this.last.get(t.instrument);
      if (prev !== undefined && t.seq !== prev + (t.conflated ?? 1)) this.violations++;
      this.last.set(t.instrument, t.seq);
      if (!this.measuring()) continue;
      this.ticks++;
      if (this.latencies.length < MAX_LATENCY_SAMPLES) this.latencies.push(now - t.ts);
    }
  }

  result(): FastClientResult {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      kind: this.kind,
      ticks: this.ticks,
      continuityViolations: this.violations,
      latencyP50Ms: percentileOfSorted(sorted, 0.5),
      latencyP99Ms: percentileOfSorted(sorted, 0.99),
      open: this.ws.readyState === WebSocket.OPEN,
    };
  }
}
