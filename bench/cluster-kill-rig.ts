/**
 * bench/nats-cluster-kill.bench.ts's processes: the simulator, the relay into the cluster
 * (bench/cluster-relay-process.ts, writing each acknowledged sequence to `ackFile`) and the
 * desks' engines, DESKS_PER_PROCESS to a process (bench/cluster-desks-process.ts), each
 * started and waited for until it says it is ready.
 */
import type { ChildLines } from './children';

/** The source's name on the cluster. */
export const RIG_NAME = 'ck';
const DESKS_PER_PROCESS = 5;

export interface RigOptions {
  readonly urls: readonly string[];
  readonly ackFile: string;
  readonly rate: number;
  readonly desks: number;
  readonly instruments: number;
}

/** Starts the processes through `spawned` (which keeps them for the bench to stop). */
export async function startRig(
  spawned: (args: readonly string[], keep?: RegExp) => ChildLines,
  o: RigOptions,
) {
  const sim = spawned([
    'feed-simulator/main.ts',
    '--port',
    '0',
    '--seed',
    '19',
    '--rate',
    String(o.rate),
    '--instruments',
    String(o.instruments),
    '--matches',
    '0',
  ]);
  const simUrl = /ws:\/\/127\.0\.0\.1:\d+/.exec(
    await sim.next(/ws:\/\/127\.0\.0\.1:\d+/, 'simulator'),
  )![0];
  const relay = spawned(
    ['bench/cluster-relay-process.ts', simUrl, o.urls.join(','), RIG_NAME, o.ackFile],
    /^(status|stopped) /,
  );
  let stoppedBy: string | null = null;
  void relay.next(/^stopped /, 'relay', undefined, 3_600_000).then(
    (l) => (stoppedBy = l),
    () => undefined,
  );
  await relay.next(/^relaying$/, 'relay');
  const sizes = Array.from({ length: Math.ceil(o.desks / DESKS_PER_PROCESS) }, (_, i) =>
    Math.min(DESKS_PER_PROCESS, o.desks - i * DESKS_PER_PROCESS),
  );
  const feed = `${o.urls.join(',')}/${RIG_NAME}`;
  const desks = sizes.map((n) =>
    spawned(['bench/cluster-desks-process.ts', feed, String(n), String(o.instruments)]),
  );
  await Promise.all(desks.map((d) => d.next(/^ready$/, 'desks')));
  return { sim, relay, desks, feed, stoppedBy: () => stoppedBy };
}
