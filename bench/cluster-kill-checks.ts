/**
 * The checks of bench/nats-cluster-kill.bench.ts, each against the stored truth: desks' states
 * against a fresh subscriber's, the relay's acknowledged writes against the stream, a restarted
 * node's copy of the stream against the others'.
 */
import { readFileSync } from 'node:fs';
import { storedDigests } from '../test-support/nats-cluster';
import type { OwnedNatsServer } from '../test-support/nats-server';
import type { DeskStates } from './cluster-desks-process';

/** Per desk, the instruments whose seq or state differ from `reference`, and how many of those
 * the desk holds no current state of at all (waiting for a resync). */
export function mismatches(
  desks: DeskStates,
  reference: Record<string, string>,
): { readonly count: number[]; readonly missing: number[]; readonly example: string | null } {
  let example: string | null = null;
  const missing = desks.map(() => 0);
  const count = desks.map((desk, i) => {
    let n = 0;
    for (const [instrument, expected] of Object.entries(reference)) {
      if (desk[instrument] === expected) continue;
      n++;
      if (desk[instrument] === undefined) missing[i]!++;
      example ??= `${instrument}: desk ${desk[instrument] ?? 'missing'}, stored ${expected}`;
    }
    return n;
  });
  return { count, missing, example };
}

/** The relay's acknowledged writes (its ack file) missing from `stream` or different there. */
export async function lostWrites(
  ackFile: string,
  servers: readonly string[],
  stream: string,
): Promise<{ readonly acked: number; readonly stored: number; readonly lost: number[] }> {
  const stored = await storedDigests(servers, stream);
  const lost: number[] = [];
  let acked = 0;
  for (const line of readFileSync(ackFile, 'utf8').split('\n')) {
    if (!line) continue;
    const [seq, digest] = line.split(' ');
    acked++;
    if (stored.get(Number(seq)) !== digest) lost.push(Number(seq));
  }
  return { acked, stored: stored.size, lost };
}

interface Jsz {
  account_details?: { stream_detail?: { name: string; state: { last_seq: number } }[] }[];
}

/** The last sequence of `stream` in this node's own copy (its `/jsz`), null if it has none. */
export async function localLastSeq(node: OwnedNatsServer, stream: string): Promise<number | null> {
  const jsz = (await (await fetch(`${node.monitorUrl}/jsz?streams=true`)).json()) as Jsz;
  const details = (jsz.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
  return details.find((d) => d.name === stream)?.state.last_seq ?? null;
}

/** Longest wait for a restarted node's copy of a stream to catch up, and between looks, ms. */
const CATCH_UP_TIMEOUT_MS = 60_000;
const CATCH_UP_POLL_MS = 200;

/** Waits (bounded) until `victim`'s own last sequence of `stream` equals every other node's. */
export async function untilCaughtUp(
  cluster: readonly OwnedNatsServer[],
  victim: OwnedNatsServer,
  stream: string,
): Promise<{ readonly victim: number | null; readonly others: (number | null)[] }> {
  const started = performance.now();
  for (;;) {
    const seqs = await Promise.all(cluster.map((s) => localLastSeq(s, stream)));
    const found = {
      victim: seqs[cluster.indexOf(victim)]!,
      others: seqs.filter((_, i) => cluster[i] !== victim),
    };
    const equal = found.others.every((seq) => seq === found.victim);
    if (equal || performance.now() - started > CATCH_UP_TIMEOUT_MS) return found;
    await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
  }
}

/** Whether a process is still running (a nats-server node that must not have crashed). */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Median and minimum of a list. */
export function spread(values: readonly number[]): {
  readonly median: number;
  readonly min: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, min: sorted[0] ?? NaN };
}
