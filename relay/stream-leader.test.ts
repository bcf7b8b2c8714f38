import { afterEach, describe, expect, it } from 'vitest';
import type { LiveMessage } from '../protocol/nats';
import type { FeedEngine } from '../main/feed/engine-api';
import { until } from '../test-support/batch-view';
import { startRelayOnCluster, storedMessages, streamLeader } from '../test-support/nats-cluster';
import { useNatsServers } from '../test-support/nats-server';
import { watchProcessErrors } from '../test-support/process-errors';
import { useSimulators } from '../test-support/simulators';
import { testDeskEngine } from '../test-support/desk-engine';

const nats = useNatsServers();
const RATE = 300;
const sims = useSimulators({ seed: 17, rate: RATE, instruments: 6, matches: 1, heartbeatMs: 200 });
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function engine(feed: string): FeedEngine {
  return testDeskEngine(feed, closers);
}

const STREAM = 'tickdeck_ld_ticks';

/**
 * Places where an instrument's stored seqs jump (events missing from the history), and how
 * many of them no later stored snapshot of the instrument closes: a replay stays broken there.
 */
function historyHoles(stored: ReadonlyMap<number, string>): { holes: number; open: string[] } {
  const last = new Map<string, number>();
  const open = new Set<string>();
  let holes = 0;
  for (const seq of [...stored.keys()].sort((a, b) => a - b)) {
    const message = JSON.parse(stored.get(seq)!) as LiveMessage;
    if (message.op === 'snapshot') {
      last.set(message.instrument, message.seq);
      open.delete(message.instrument);
      continue;
    }
    for (const tick of message.ticks) {
      const before = last.get(tick.instrument);
      if (before !== undefined && tick.seq - (tick.conflated ?? 1) > before) {
        holes++;
        open.add(tick.instrument);
      }
      last.set(tick.instrument, Math.max(before ?? 0, tick.seq));
    }
  }
  return { holes, open: [...open].map((id) => `${id} after seq ${last.get(id)}`) };
}

describe('a three-node NATS cluster', () => {
  it(
    `keeps the relay writing when the stream's leader is killed mid-write at ${RATE} ticks/s: no acknowledged write lost, every hole in the history closed by a later snapshot, the desk ends equal to a direct reader`,
    { timeout: 180_000 },
    async () => {
      const errors = watchProcessErrors();
      closers.push(() => errors.stop());
      const cluster = await nats.startCluster();
      const sim = await sims.start();
      const servers = cluster.map((s) => s.url);
      const acked = new Map<number, string>();
      const ackedAt: number[] = [];
      const decoder = new TextDecoder();
      const relay = await startRelayOnCluster({
        source: sim.url,
        name: 'ld',
        servers,
        auth: {},
        subjectPrefix: 'tickdeck',
        retention: { maxAgeMs: 600_000, maxBytes: 256 * 1024 ** 2, replicas: 3 },
        onStreamAck: (seq, _subject, payload) => {
          acked.set(seq, decoder.decode(payload));
          ackedAt.push(Date.now());
        },
      });
      closers.push(() => relay.close());
      let stoppedBy: string | null = null;
      void relay.stopped.then((reason) => (stoppedBy = reason));
      const direct = engine(sim.url);
      const desk = engine(`${servers.join(',')}/ld`);
      await direct.start();
      await desk.start();
      await until(() => desk.streamState().snapshots.length === 7, 30_000);
      await until(() => acked.size > 100, 30_000);

      // startNatsCluster names node i `n<i>`.
      const leader = await streamLeader(servers, STREAM);
      const victim = cluster[Number(leader.slice(1))]!;
      const failedBefore = relay.status().stream.failed;
      const killedAt = Date.now();
      await victim.kill();
      const alive = servers.filter((url) => url !== victim.url);
      const newLeader = await streamLeader(alive, STREAM);
      expect(newLeader).not.toBe(leader);
      // The relay goes on writing, and the new leader acknowledges: 100 more acks.
      const ackedAtKill = ackedAt.filter((t) => t <= killedAt).length;
      await until(() => ackedAt.length > ackedAtKill + 100, 60_000).catch((err: Error) => {
        const seen = { leader, newLeader, acksAfter: ackedAt.length - ackedAtKill, stoppedBy };
        throw new Error(`${err.message}: ${JSON.stringify({ ...seen, relay: relay.status() })}`);
      });
      // The longest wait between two acks from the kill on: the writes' pause for the election.
      const times = [killedAt, ...ackedAt.filter((t) => t > killedAt)];
      const pauseMs = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
      const failed = relay.status().stream.failed - failedBefore;
      console.log(
        `stream leader ${leader} killed: ${newLeader} leads; acks paused ${pauseMs} ms at most; ${failed} writes failed`,
      );

      await victim.restart();
      await sim.close();
      expect(stoppedBy).toBeNull();
      await until(
        () =>
          JSON.stringify(desk.streamState().snapshots) ===
          JSON.stringify(direct.streamState().snapshots),
        30_000,
      ).catch(() => undefined); // the check below names what differs
      expect(desk.streamState().snapshots).toEqual(direct.streamState().snapshots);
      expect(direct.streamState().snapshots).toHaveLength(7);
      expect(stoppedBy).toBeNull(); // not at the restart's election either

      await relay.close(); // waits for the last acks
      const stored = await storedMessages(servers, STREAM);
      const lost = [...acked].filter(([seq, text]) => stored.get(seq) !== text).map(([seq]) => seq);
      expect(lost).toEqual([]);
      // A hole in the stored history can only be a write that was not acknowledged.
      const { failed: allFailed, unacked } = relay.status().stream;
      const { holes, open } = historyHoles(stored);
      console.log(`stored history: ${stored.size} messages, ${holes} holes, ${open.length} open`);
      expect(holes).toBeLessThanOrEqual(allFailed + unacked);
      // Each hole is followed by a stored snapshot of its instrument: a replay resumes there.
      expect(open).toEqual([]);
      expect(errors.errors).toEqual([]);
    },
  );
});
