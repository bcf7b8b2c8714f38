/** Coinbase frames for tests: the documented payloads (coinbase-payloads.ts) with other figures. */
import { COINBASE_L2_UPDATE, COINBASE_TICKER } from './coinbase-payloads';

/** The documented level2 update with these changes (`[side, price, size]`). */
export function coinbaseL2Update(changes: string[][]): string {
  return JSON.stringify({ ...JSON.parse(COINBASE_L2_UPDATE), changes });
}

/** The documented ticker at `sequence`, with `fields` replaced. */
export function coinbaseTicker(sequence: number, fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...JSON.parse(COINBASE_TICKER), sequence, ...fields });
}
