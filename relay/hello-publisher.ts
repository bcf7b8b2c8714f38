/**
 * The relay's hello on NATS, in parts that fit the server's `max_payload`
 * (protocol/nats-hello.ts): published on the hello subject, then stored in the state bucket.
 * Each attempt has a new generation, higher than any stored before (a restarted relay goes on
 * from the stored one), so desks never mix its parts with an older hello's.
 *
 * One attempt at a time: a newer hello waits for the one on its way, so the stored parts of
 * two generations never interleave. The first part is stored last: it holds the manifest a
 * late joiner reads first, so every part it names is in. An attempt that fails (a part
 * refused, the bucket away) is reported, the relay's status says so rather than "live", and
 * it is tried again after {@link HELLO_RETRY_MS}.
 */
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import type { NatsNames } from '../protocol/nats';
import { decodeHelloPart, helloPartKey, helloParts } from '../protocol/nats-hello';
import { FailureReport } from './failure-report';

/** A hello that could not be published is tried again this often, ms. */
export const HELLO_RETRY_MS = 1_000;

/** Where the relay's hello stands, for its status line. */
export type HelloStatus =
  | { readonly state: 'none' | 'publishing' }
  | { readonly state: 'published'; readonly generation: number; readonly parts: number }
  | { readonly state: 'failed'; readonly error: string };

export class HelloPublisher {
  private hello: string | null = null;
  /** The last generation stored or tried; null until read from the bucket. */
  private generation: number | null = null;
  /** Parts stored under keys that may be left from an earlier, longer hello. */
  private storedParts = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private current: HelloStatus = { state: 'none' };
  private readonly failures: FailureReport;

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly state: KV,
    onError: (message: string) => void,
  ) {
    this.failures = new FailureReport('publishing the hello failed', 'hello published', onError);
  }

  get status(): HelloStatus {
    return this.current;
  }

  /** Publishes `hello` (its JSON text) as soon as the attempt on its way, if any, is done. */
  publish(hello: string): void {
    this.hello = hello;
    this.schedule();
  }

  /** Waits for the attempt on its way. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failures.close();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.running) return void (this.again = true);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.running = this.attempt().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.schedule();
      }
    });
  }

  private async attempt(): Promise<void> {
    // A failure stays shown while it is retried.
    if (this.current.state !== 'failed') this.current = { state: 'publishing' };
    try {
      const last = (this.generation ??= await this.storedGeneration());
      // Desks take generations up to 2^53 - 1 (protocol/nats-hello.ts): one stored that high
      // (a peer's, written with rights it should not have) would stop every hello after it.
      const generation = last >= Number.MAX_SAFE_INTEGER ? 1 : last + 1;
      this.generation = generation;
      const maxPayload = this.nc.info?.max_payload;
      if (maxPayload === undefined) throw new Error('not connected to a NATS server');
      const split = helloParts(this.hello!, generation, maxPayload);
      if (!split.ok) throw new Error(split.error);
      const { parts } = split;
      for (const part of parts) this.nc.publish(this.names.hello, part);
      this.storedParts = Math.max(this.storedParts, parts.length);
      await Promise.all(parts.slice(1).map((p, i) => this.state.put(helloPartKey(i + 1), p)));
      await this.state.put(helloPartKey(0), parts[0]!);
      // Parts past the new last one are never read; removed so the bucket holds one hello.
      const stale = Array.from({ length: this.storedParts - parts.length }, (_, i) =>
        this.state.delete(helloPartKey(parts.length + i)),
      );
      await Promise.all(stale);
      this.storedParts = parts.length;
      this.current = { state: 'published', generation, parts: parts.length };
      this.failures.succeeded();
    } catch (err) {
      if (this.closed) return;
      const error = (err as Error).message;
      this.current = { state: 'failed', error };
      this.failures.failed(error);
      this.retryTimer = setTimeout(() => this.schedule(), HELLO_RETRY_MS);
    }
  }

  /** The stored hello's generation (0 without one), and how many keys its parts hold. */
  private async storedGeneration(): Promise<number> {
    const entry = await this.state.get(helloPartKey(0));
    if (entry?.operation !== 'PUT') return 0;
    const decoded = decodeHelloPart(entry.value);
    // Not a part (an older relay's whole hello, a broken entry): numbered afresh.
    if (!decoded.ok) return 0;
    this.storedParts = decoded.manifest.parts;
    return decoded.manifest.generation;
  }
}
