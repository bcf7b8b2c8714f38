/**
 * Issue 19's cluster fault test at its scale: a three-node NATS cluster (stream and buckets with
 * 3 replicas), the simulator at 50k ticks/s, the relay and 20 desks' engines each in child
 * processes (bench/cluster-relay-process.ts, bench/cluster-desks-process.ts). The node most
 * desks read from is killed (-9) while the relay publishes, then restarted; the source stops.
 * Checked against the stored truth: every desk's every instrument equals a fresh subscriber's
 * (one that joins after the stop), every write the relay had acknowledged is in the stream at
 * its sequence, no process crashed, the restarted node's stream caught up. A failed check sets
 * the exit code. docs/RELIABILITY.md, "Cluster node kill at the scale".
 *
 *   node --import tsx bench/run.ts nats-cluster-kill
 *   BENCH_CLUSTER_RATE=10000 BENCH_CLUSTER_DESKS=5 ...   # where the machine holds less
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { natsNames } from '../protocol/nats';
import { startNatsCluster } from '../test-support/nats-server';
import { ChildLines, sleep, spawnTsx, stopChild } from './children';
import {
  changing,
  health,
  moves,
  ports,
  untilEqual,
  window,
  WINDOW_MS,
} from './cluster-kill-desks';
import { alive, lostWrites, untilCaughtUp } from './cluster-kill-checks';
import { figures } from './cluster-kill-figures';
import { RIG_NAME, startRig } from './cluster-kill-rig';
import { printResults, readList, type BenchResult } from './report';

const env = process.env;
const RATE = readList('BENCH_CLUSTER_RATE', env.BENCH_CLUSTER_RATE ?? '50000', 1_000_000)[0]!;
const DESKS = readList('BENCH_CLUSTER_DESKS', env.BENCH_CLUSTER_DESKS ?? '20', 50)[0]!;
/**
 * 200 instruments: the relay publishes one message per instrument per source frame (100 a
 * second), so this is about 20,000 replicated stream writes a second, 2–3 ticks each; more
 * instruments cost the cluster more writes for the same ticks, fewer hide per-instrument gaps.
 */
const INSTRUMENTS = readList(
  'BENCH_CLUSTER_INSTRUMENTS',
  env.BENCH_CLUSTER_INSTRUMENTS ?? '200',
  10_000,
)[0]!;
const STREAM = natsNames('tickdeck', RIG_NAME).stream;
/** The pause before each measured window, ms. */
const SETTLE_MS = 2_000;

export async function run(): Promise<BenchResult[]> {
  const at = `${RATE} ticks/s, ${DESKS} desks, ${INSTRUMENTS} instruments`;
  const problems: string[] = [];
  const ackDir = mkdtempSync(join(tmpdir(), 'tickdeck-acks-'));
  const ackFile = join(ackDir, 'acks.txt');
  const cluster = await startNatsCluster({ monitor: true });
  const urls = cluster.map((s) => s.url);
  const children: ChildLines[] = [];
  const spawned = (args: readonly string[], keep?: RegExp) => {
    const c = new ChildLines(spawnTsx(args), keep);
    children.push(c);
    return c;
  };
  try {
    const { sim, relay, desks, feed, stoppedBy } = await startRig(spawned, {
      urls,
      ackFile,
      rate: RATE,
      desks: DESKS,
      instruments: INSTRUMENTS,
    });
    await sleep(SETTLE_MS);
    const before = await window(desks, relay.child.pid!);

    // The victim: the node most desks read from.
    const labels = (await health(desks)).map((h) => ports.exec(h.label)?.[1]);
    const counts = cluster.map((s) => labels.filter((p) => p === String(s.port)).length);
    const victim = cluster[counts.indexOf(Math.max(...counts))]!;
    const onVictim = labels.map((p) => p === String(victim.port));
    const relayAtKill = relay.last;
    const killedAt = performance.now();
    await victim.kill();
    const { moved, flowing } = await moves(desks, onVictim, victim, killedAt);
    await sleep(SETTLE_MS);
    const after = await window(desks, relay.child.pid!);
    await victim.restart();
    const restartedAt = performance.now();
    await sleep(WINDOW_MS);
    const relayStatus = relay.last;

    await stopChild(sim.child);
    const stoppedAt = performance.now();
    const reference = spawned(['bench/cluster-desks-process.ts', feed, '1', String(INSTRUMENTS)]);
    await reference.next(/^ready$/, 'fresh subscriber');
    const referenceReadyMs = performance.now() - stoppedAt;
    const { result, equalMs, stored } = await untilEqual(desks, reference, stoppedAt);
    if (Object.keys(stored).length !== INSTRUMENTS)
      problems.push(
        `fresh subscriber holds ${Object.keys(stored).length} of ${INSTRUMENTS} instruments`,
      );
    let stillMoving: number[] = [];
    if (!result.count.every((n) => n === 0)) {
      stillMoving = await changing(desks);
      problems.push(`mismatches per desk ${result.count.join(',')}, e.g. ${result.example}`);
    }
    const deskHealth = await health(desks);

    const closed = await relay.next(/^closed /, 'relay close', 'close');
    if (stoppedBy()) problems.push(`relay ${stoppedBy()}`);
    const audit = await lostWrites(ackFile, urls, STREAM);
    if (audit.lost.length > 0)
      problems.push(
        `${audit.lost.length} acknowledged writes lost, e.g. seq ${audit.lost.slice(0, 5).join(', ')}`,
      );
    const caughtUp = await untilCaughtUp(cluster, victim, STREAM);
    if (!caughtUp.others.every((seq) => seq === caughtUp.victim))
      problems.push(
        `restarted node at last seq ${caughtUp.victim}, others ${caughtUp.others.join(', ')}`,
      );
    const deadNodes = cluster.filter((s) => !alive(s.pid)).map((s) => s.url);
    if (deadNodes.length > 0) problems.push(`nats-server exited: ${deadNodes.join(', ')}`);
    await Promise.all(
      [...desks, reference].map((d) =>
        d.next(/^$/, 'desks stop', 'stop', 10_000).catch(() => undefined),
      ),
    );
    await sleep(500);
    const exits = children.map(
      (c, i) => `${i === 0 ? 'simulator' : i === 1 ? 'relay' : 'desks'} ${c.exit}`,
    );
    for (const e of exits.slice(1)) if (!e.endsWith('code 0')) problems.push(`child ${e}`);
    if (sim.exit !== 'signal SIGTERM' && sim.exit !== 'code 0')
      problems.push(`simulator ${sim.exit}`);

    const summary = {
      victim: victim.url,
      desksOnVictim: Math.max(...counts),
      moveMs: moved.map(Math.round),
      flowMs: flowing.map(Math.round),
      equalMs: Math.round(equalMs),
      referenceReadyMs: Math.round(referenceReadyMs),
      mismatches: result.count,
      missing: result.missing,
      stillMoving,
      acked: audit.acked,
      stored: audit.stored,
      lost: audit.lost.length,
      catchUp: caughtUp,
      catchUpCheckedMsAfterRestart: Math.round(performance.now() - restartedAt),
      stoppedBy: stoppedBy(),
      relayAtKill,
      relayAfterRestart: relayStatus,
      relayClosed: closed.slice(7),
      deskHealth,
      exits,
      loadavg: loadavg(),
      problems,
    };
    console.error(`  ${at}: ${JSON.stringify(summary)}`);
    if (problems.length > 0) process.exitCode = 1;
    return figures({
      at,
      desks: DESKS,
      before,
      after,
      flowing,
      desksOnVictim: Math.max(...counts),
      equalMs,
      referenceReadyMs,
      mismatches: result.count,
      acked: audit.acked,
      lost: audit.lost.length,
      problems,
    });
  } finally {
    await Promise.all(children.map((c) => stopChild(c.child)));
    await Promise.all(cluster.map((s) => s.dispose()));
    rmSync(ackDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('NATS cluster kill', await run());
}
