/**
 * Test support for the adapters: an {@link ExchangeConnection} to a {@link MockExchange} that
 * keeps every translation, and helpers to wait for what the dashboard would receive.
 */
import type { Exchange } from '../../../protocol/feed-target';
import type { Tick } from '../../../protocol/feed';
import type { ExchangeConnectionOptions } from './exchange-connection';
import { ExchangeConnection } from './exchange-connection';
import { MockExchange } from './mock-exchange';
import type { Translation } from './translator';

export interface Harness {
  readonly exchange: MockExchange;
  readonly connection: ExchangeConnection;
  readonly translations: Translation[];
  ticks(): Tick[];
  errors(): string[];
  /** Waits until `test` holds over what was received so far. */
  until<T>(test: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function harness(
  exchangeName: Exchange,
  symbols: readonly string[],
  options: Partial<ExchangeConnectionOptions> = {},
): Promise<Harness> {
  const exchange = await MockExchange.start();
  const translations: Translation[] = [];
  const connection = new ExchangeConnection({
    exchange: exchangeName,
    symbols,
    endpoint: exchange.url,
    reconnectDelayMs: () => 20,
    ...options,
    onTranslation: (t, at) => {
      translations.push(t);
      options.onTranslation?.(t, at);
    },
  });
  connection.start();
  return {
    exchange,
    connection,
    translations,
    ticks: () => translations.flatMap((t) => t.ticks),
    errors: () => translations.flatMap((t) => (t.errors ?? []).map((e) => e.message)),
    until: (test, timeoutMs) => exchange.until(test, timeoutMs),
    async close() {
      await connection.stop();
      await exchange.close();
    },
  };
}
