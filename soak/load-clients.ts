/**
 * The load's clients: fast ones count, check continuity and time each tick; slow ones
 * subscribe, stop reading and ask for history until the server cuts them. Driven by messages
 * ({@link ToClients} in, {@link FromClients} out: load-messages.ts), so soak/load.ts can run them in its own
 * process or in one of their own (load-clients-process.ts): in one process, a profile of
 * `npm run soak` at 500 clients put a third of the CPU in the clients' `JSON.parse`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { once } from 'node:events';
import WebSocket from 'ws';
import { FastClient } from './fast-client';
import type { FromClients, ToClients } from './load-messages';
import type { ClientKind } from './load-report';
import { startSlowClient, type SlowClient } from './slow-client';

const CONNECT_CONCURRENCY = 50;
const SLOW_CUT_WAIT_MS = 20_000;
/** After the slow clients read again, how long their close frames may take. */
const SLOW_CLOSE_READ_MS = 5_000;

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
}

async function instrumentsOf(url: string): Promise<{ id: string; kind: string }[]> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  // Listening from the start: the hello can come in the same read as the handshake's answer.
  const [data] = (await once(ws, 'message')) as [Buffer];
  ws.terminate();
  return (JSON.parse(data.toString()) as { instruments: { id: string; kind: string }[] })
    .instruments;
}

/** The clients of one load run. */
export class LoadClients {
  private measuring = false;
  private readonly sockets: WebSocket[] = [];
  private readonly fast: FastClient[] = [];
  private slow: SlowClient[] = [];
  /** Slow clients the server has cut so far, in order; -1 once the cut phase is over. */
  private cut = 0;

  constructor(private readonly reply: (message: FromClients) => void) {}

  /** Acts on one message; answers (`connected`, `report`, `failed`) go to `reply`. */
  handle(message: ToClients): void {
    const fail = (err: unknown) => this.reply({ type: 'failed', message: (err as Error).message });
    if (message.type === 'connect')
      this.connect(message.url, message.clients, message.slowClients).then(
        (connectMs) => this.reply({ type: 'connected', connectMs }),
        fail,
      );
    else if (message.type === 'measure') this.measuring = message.on;
    else if (message.type === 'serverClients') this.onServerClients(message.count);
    else this.finish().then(this.reply, fail);
  }

  /** Cuts every socket. */
  close(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  private async connect(url: string, clients: number, slowClients: number): Promise<number> {
    const instruments = await instrumentsOf(url);
    const all = instruments.map((i) => i.id);
    // Subsets are of market instruments, which tick many times a second (matches rarely do).
    const markets = instruments.filter((i) => i.kind === 'market').map((i) => i.id);
    // Mixed subscriptions: a tenth take every tick of everything, 45% everything conflated
    // (100-500 ms), 45% one to three instruments, every tick.
    const connectStarted = Date.now();
    for (let i = 0; i < clients; i += CONNECT_CONCURRENCY) {
      const batch = Math.min(CONNECT_CONCURRENCY, clients - i);
      const opened = await Promise.all(Array.from({ length: batch }, () => open(url)));
      opened.forEach((ws, j) => {
        const n = i + j;
        this.sockets.push(ws);
        const kind: ClientKind = n % 10 === 0 ? 'all' : n % 2 === 0 ? 'all-conflated' : 'subset';
        const ids =
          kind === 'subset'
            ? markets.slice(n % markets.length, (n % markets.length) + 1 + (n % 3))
            : ['*'];
        ws.send(
          JSON.stringify({
            op: 'subscribe',
            id: 1,
            instruments: ids,
            ...(kind === 'all-conflated' ? { conflateMs: 100 + (n % 5) * 100 } : {}),
          }),
        );
        this.fast.push(new FastClient(ws, kind, () => this.measuring));
      });
    }
    const connectMs = Date.now() - connectStarted;
    this.slow = await Promise.all(
      Array.from({ length: slowClients }, (_, i) => this.slowClient(url, all, i)),
    );
    return connectMs;
  }

  private async slowClient(url: string, all: readonly string[], i: number): Promise<SlowClient> {
    const ws = await open(url);
    this.sockets.push(ws);
    return startSlowClient(ws, all, i);
  }

  /**
   * A client the server has decided to close must read its close frame within the server's
   * handshake timeout (5 s), or it sees 1006. The server stops counting a client it is closing:
   * each drop means the next slow client, in order, was cut; it starts reading.
   */
  private onServerClients(count: number): void {
    if (this.cut < 0) return;
    const stillSlow = count - this.fast.length;
    while (this.cut < this.slow.length && stillSlow < this.slow.length - this.cut)
      this.slow[this.cut++]!.readAgain();
  }

  private async finish(): Promise<FromClients> {
    const slow = this.slow;
    await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep(SLOW_CUT_WAIT_MS)]);
    this.cut = -1;
    for (const s of slow) s.readAgain();
    await Promise.race([Promise.all(slow.map((s) => s.closed)), sleep(SLOW_CLOSE_READ_MS)]);
    const report: FromClients = {
      type: 'report',
      fast: this.fast.map((c) => c.result()),
      slow: slow.map((s) => s.result),
    };
    this.close();
    return report;
  }
}
