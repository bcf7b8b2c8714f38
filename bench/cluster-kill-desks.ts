/**
 * Watching the desks of bench/nats-cluster-kill.bench.ts through their processes
 * (bench/cluster-desks-process.ts): health, ticks/s over a window, the move off a killed node,
 * and, after the source stops, when they come equal to a fresh subscriber.
 */
import type { OwnedNatsServer } from '../test-support/nats-server';
import { cpuSeconds, sleep, type ChildLines } from './children';
import type { DeskHealth, DeskStates } from './cluster-desks-process';
import { mismatches } from './cluster-kill-checks';

/** A measured window, ms. */
export const WINDOW_MS = 5_000;
const POLL_MS = 200;
/** Longest waits: every desk on a live node with ticks; every desk equal after the stop, ms. */
const MOVE_TIMEOUT_MS = 90_000;
const EQUAL_TIMEOUT_MS = 60_000;

/** The server a desk's health label names. */
export const ports = /127\.0\.0\.1:(\d+) /;

export async function health(desks: readonly ChildLines[]): Promise<DeskHealth[]> {
  const lines = await Promise.all(desks.map((d) => d.next(/^health /, 'desks', 'health')));
  return lines.flatMap((l) => JSON.parse(l.slice(7)) as DeskHealth[]);
}

export async function states(desks: readonly ChildLines[]): Promise<DeskStates> {
  const lines = await Promise.all(desks.map((d) => d.next(/^states /, 'desks', 'states')));
  return lines.flatMap((l) => JSON.parse(l.slice(7)) as DeskStates);
}

/** Ticks/s per desk and relay CPU (% of a core) over one window. */
export async function window(desks: readonly ChildLines[], relayPid: number) {
  const h0 = await health(desks);
  const cpu0 = cpuSeconds(relayPid);
  const began = performance.now();
  await sleep(WINDOW_MS);
  const h1 = await health(desks);
  const seconds = (performance.now() - began) / 1000;
  return {
    perDesk: h1.map((h, i) => (h.ticksTotal - h0[i]!.ticksTotal) / seconds),
    relayCpuPct: ((cpuSeconds(relayPid) - cpu0) / seconds) * 100,
  };
}

/** Waits until every desk reads from a node other than `victim` and has ticks since; per desk,
 * ms from the kill to each (moving: 0 for desks that read from another node before the kill). */
export async function moves(
  desks: readonly ChildLines[],
  onVictim: readonly boolean[],
  victim: OwnedNatsServer,
  killedAt: number,
) {
  const start = await health(desks);
  const moved = onVictim.map((was): number | null => (was ? null : 0));
  const ticksAtMove = start.map((h) => h.ticksTotal);
  const flowing: (number | null)[] = start.map(() => null);
  while (flowing.some((f) => f === null)) {
    if (performance.now() - killedAt > MOVE_TIMEOUT_MS)
      throw new Error(
        `desks not moved with ticks within ${MOVE_TIMEOUT_MS} ms: ${JSON.stringify(await health(desks))}`,
      );
    await sleep(POLL_MS);
    const now = await health(desks);
    const at = performance.now() - killedAt;
    now.forEach((h, i) => {
      if (moved[i] === null && !h.label.includes(`:${victim.port} `) && h.connection === 'live') {
        moved[i] = at;
        ticksAtMove[i] = h.ticksTotal;
      } else if (moved[i] !== null && flowing[i] === null && h.ticksTotal > ticksAtMove[i]!)
        flowing[i] = at;
    });
  }
  return { moved: moved as number[], flowing: flowing as number[] };
}

/** Polls until every desk equals the fresh subscriber `reference` (at most
 * {@link EQUAL_TIMEOUT_MS} from `stoppedAt`); the last comparison and when it held. */
export async function untilEqual(
  desks: readonly ChildLines[],
  reference: ChildLines,
  stoppedAt: number,
) {
  let result = mismatches([], {});
  let equalMs = NaN;
  let stored: Record<string, string> = {};
  while (performance.now() - stoppedAt < EQUAL_TIMEOUT_MS) {
    stored = (await states([reference]))[0]!;
    result = mismatches(await states(desks), stored);
    if (result.count.every((n) => n === 0)) {
      equalMs = performance.now() - stoppedAt;
      break;
    }
    await sleep(POLL_MS);
  }
  return { result, equalMs, stored };
}

/**
 * For desks still unequal: catching up, or stuck? Per desk, the instruments whose state
 * changed over one more window.
 */
export async function changing(desks: readonly ChildLines[]): Promise<number[]> {
  const first = await states(desks);
  await sleep(WINDOW_MS);
  const later = await states(desks);
  return first.map((desk, i) => mismatches([later[i]!], desk).count[0]!);
}
