/**
 * `npm run soak`: the long versions of the reliability checks (docs/RELIABILITY.md), each bounded:
 *   1. the chaos soak: the feed engine against the simulator's chaos scenario through a faulty
 *      proxy, for --minutes (default 3);
 *   2. load: --clients concurrent clients (default 500) with mixed subscriptions and a few slow
 *      ones, for --load-seconds (default 20), the simulator's order books at --book-levels a
 *      side (default: the simulator's own; 0 for quotes and trades only); --separate-clients
 *      runs the clients in a process of their own (to profile the simulator alone);
 *   3. kill -9: --kills recorder crashes at random moments (default 30);
 *   4. resume at scale: the engine on --instruments (default 20,000), cut and resumed, against
 *      a fresh subscriber's truth.
 * Prints a report and exits 1 if anything that must hold did not. `--only
 * chaos|load|kill|resume` runs one part.
 */
import { parseArgs } from 'node:util';
import { MAX_BOOK_LEVELS } from '../protocol/limits';
import { runChaosSoak } from '../soak/chaos-soak';
import { delayStats } from '../soak/chaos-soak-report';
import { runLoad } from '../soak/load';
import { summarizeFast } from '../soak/load-report';
import { runKillLoop } from '../soak/kill-loop';
import { runResumeAtScale } from '../soak/resume-at-scale';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    clients: { type: 'string', default: '500' },
    'load-seconds': { type: 'string', default: '20' },
    kills: { type: 'string', default: '30' },
    instruments: { type: 'string', default: '20000' },
    'book-levels': { type: 'string' },
    'separate-clients': { type: 'boolean', default: false },
    only: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

function positive(name: string, max: number): number {
  const n = Number(values[name as keyof typeof values]);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    console.error(`soak: --${name} expects a number from 0 to ${max}`);
    process.exit(2);
  }
  return n;
}

const minutes = positive('minutes', 24 * 60);
const clients = Math.round(positive('clients', 5_000));
const loadSeconds = positive('load-seconds', 3_600);
const kills = Math.round(positive('kills', 10_000));
const seed = Math.round(positive('seed', 2 ** 31));
const instruments = Math.round(positive('instruments', 100_000));
const bookLevels = values['book-levels'] === undefined ? undefined : Number(values['book-levels']);
if (
  bookLevels !== undefined &&
  !(Number.isInteger(bookLevels) && bookLevels >= 0 && bookLevels <= MAX_BOOK_LEVELS)
) {
  console.error(`soak: --book-levels expects a whole number from 0 to ${MAX_BOOK_LEVELS}`);
  process.exit(2);
}
const only = values.only;
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const log = (line: string) => console.log(`  … ${line}`);

if (!only || only === 'chaos') {
  console.log(`\nChaos soak: ${minutes} min, seed ${seed}`);
  const r = await runChaosSoak({ durationMs: minutes * 60_000, seed, onProgress: log });
  const d = delayStats(r.reconnectDelaysMs);
  const heap = r.heapUsedMb;
  const third = Math.max(1, Math.floor(heap.length / 3));
  const early = Math.max(...heap.slice(third, 2 * third));
  const late = Math.max(...heap.slice(2 * third));
  console.log(
    [
      `  duration ${(r.durationMs / 1000).toFixed(0)} s, ticks ${r.ticksTotal}`,
      `  proxy faults: ${r.faults.cut} cuts, ${r.faults.stall} stalls, ${r.faults.delay} delays, ${r.faults.corrupt} corruptions`,
      `  disconnects survived ${r.disconnectsSurvived}; reconnect delays ms: min ${d.min}, mean ${d.mean}, max ${d.max}, stdev ${d.stdev}, ${d.distinct} distinct of ${d.count}`,
      `  gaps detected ${r.gapsDetected}, resyncs ${r.resyncs}, unhealed at end ${r.gapsUnhealed}`,
      `  malformed frames skipped ${r.malformedSkipped} (${r.framesCorrupted} corrupted by the proxy, ${r.corruptedReceived} of them received); events the feed dropped (seq jumps) ${r.eventsDroppedByFeed}`,
      `  state vs fresh subscribers: ${r.stateChecks.equal} equal, ${r.stateChecks.mismatch} mismatched, ${r.stateChecks.notSeen} not comparable`,
      `  heap MB: start ${heap[0]}, max middle third ${early}, max last third ${late}`,
    ].join('\n'),
  );
  check(r.finalConnection === 'live', 'engine live at the end');
  check(
    r.unhandledRejections === 0 && r.uncaughtExceptions === 0,
    'no unhandled rejection or exception',
  );
  check(r.stateChecks.mismatch === 0, 'no data lost beyond what the feed dropped (state checks)');
  check(
    r.malformedSkipped >= r.corruptedReceived,
    'every corrupted frame received skipped and counted',
  );
  check(r.gapsUnhealed <= 1, 'every gap healed');
  check(d.count === 0 || d.distinct >= d.count / 2, 'reconnect delays jittered');
  check(late < early + 32, 'heap flat over the second half (< 32 MB growth)');
  for (const m of r.mismatches)
    console.log(`    mismatch ${m.instrument} @${m.trades} trades: ${m.detail}`);
}

if (!only || only === 'load') {
  const books = bookLevels === undefined ? 'default order books' : `${bookLevels} book levels`;
  console.log(`\nLoad: ${clients} clients + 5 slow, ${books}, ${loadSeconds} s measured`);
  const r = await runLoad({
    clients,
    slowClients: 5,
    measureMs: loadSeconds * 1000,
    rate: 4_000,
    ...(bookLevels !== undefined && { bookLevels }),
    separateProcess: values['separate-clients'],
    onProgress: log,
  });
  const s = summarizeFast(r);
  console.log(
    `  connected in ${r.connectMs} ms; ${r.ticksGenerated} ticks generated while measured`,
  );
  for (const [kind, k] of Object.entries(s))
    console.log(
      `  ${kind.padEnd(13)} ${String(k.clients).padStart(4)} clients: min ${k.ticksPerSecMin} ticks/s, p50 ${k.p50Ms} ms, worst p99 ${k.p99MsWorst} ms, ${k.violations} seq violations, ${k.closed} closed`,
    );
  for (const slow of r.slow)
    console.log(
      `  slow: closed ${slow.closeCode} "${slow.closeReason}", ${slow.conflatedTicks} conflated ticks seen`,
    );
  console.log(
    `  memory MB (heap + buffers): peak ${Math.max(...r.memoryMb)}, end ${r.memoryMb.at(-1)}`,
  );
  const rateOk = r.fast
    .filter((c) => c.kind === 'all')
    .every((c) => c.ticks >= r.ticksGenerated * 0.9);
  check(
    Object.values(s).every((k) => k.closed === 0 && k.violations === 0),
    'fast clients open, seq continuous',
  );
  check(rateOk, 'every-tick clients got >= 90% of the ticks generated');
  check(s.all.p50Ms < 100 && s.subset.p50Ms < 100, 'fast clients p50 latency < 100 ms');
  check(s.all.p99MsWorst < 1_000 && s.subset.p99MsWorst < 1_000, 'fast clients p99 latency < 1 s');
  check(s['all-conflated'].p99MsWorst < 1_500, 'conflated clients p99 latency < 1.5 s');
  // A slow client reads its close frame (4000 and the reason) only if it drains its backlog
  // within the server's 5 s close handshake; one that cannot sees the connection dropped (1006).
  const withReason = r.slow.filter(
    (x) => x.closeCode === 4000 && /^slow consumer: [\d.]+ MiB unsent/.test(x.closeReason),
  );
  check(
    r.slow.every((x) => x.closeCode === 4000 || x.closeCode === 1006) &&
      withReason.length >= Math.ceil(r.slow.length / 2),
    `slow clients cut (${withReason.length} of ${r.slow.length} read 4000 and the reason)`,
  );
  check(
    r.slow.every((x) => x.conflatedTicks > 0),
    'slow clients were conflated before the cut',
  );
  check(Math.max(...r.memoryMb) < 1_024, 'memory peak < 1 GB');
}

if (!only || only === 'kill') {
  console.log(`\nKill -9 loop: ${kills} runs`);
  const runs = await runKillLoop({ runs: kills, concurrency: 2, maxKillAfterMs: 2_000 });
  const bad = runs.filter((x) => x.problem !== null);
  const rolled = runs.filter((x) =>
    x.warnings.some((w) => /ends at the segment before it/.test(w)),
  );
  console.log(
    `  ${runs.length} runs; frames served per run: min ${Math.min(...runs.map((x) => x.served))}, max ${Math.max(...runs.map((x) => x.served))}; ` +
      `${runs.filter((x) => x.segments > 1).length} across segment rolls, ${rolled.length} killed just after opening a segment`,
  );
  for (const b of bad) console.log(`    ${b.problem} (killed after ${b.killedAfterMs} ms)`);
  check(bad.length === 0, 'every run replays everything flushed, verbatim, nothing partial');
}

if (!only || only === 'resume') {
  console.log(`\nResume at scale: ${instruments} instruments, cut once`);
  const r = await runResumeAtScale({ instruments, onProgress: log });
  console.log(
    `  loaded ${r.stepsMs.loaded} ms, resumed ${r.stepsMs.resumed} ms, compared ${r.stepsMs.compared} ms; ` +
      `${r.compared} instruments compared at the truth's seq (at most ${r.notComparedBound} left out by the feed's rate), ${r.mismatches.length} mismatched`,
  );
  for (const m of r.mismatches.slice(0, 20)) console.log(`    mismatch ${m}`);
  check(r.reconnects === 1, 'one reconnect for the one cut (the resume was accepted)');
  check(r.mismatches.length === 0, 'the engine holds what a fresh subscriber sees');
  check(
    instruments - r.compared <= r.notComparedBound,
    'no more instruments left uncompared than the feed moved while the truth was taken',
  );
}

console.log(failures.length ? `\nFAILED: ${failures.join('; ')}` : '\nAll checks held.');
process.exit(failures.length ? 1 : 0);
