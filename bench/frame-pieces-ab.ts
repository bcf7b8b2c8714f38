/**
 * What cutting a large frame in pieces (main/feed/ticks-frame-pieces.ts) costs the engine's
 * decode, in one process, load-insensitive as far as alternation makes it: the simulator's
 * default mix at 200k market ticks/s over 1,000 instruments, its frames taken for a few
 * seconds over a socket read slowly (so some are as large as a late simulator sends), then
 * decoded by the Tickdeck dialect whole (A) and cut in pieces (B), alternating, the thread's CPU
 * per 100k ticks each round.
 *
 *   node --import tsx bench/frame-pieces-ab.ts
 */
import WebSocket from 'ws';
import { startSimulatorProcess } from './product-processes';
import { tickdeckProtocol } from '../main/feed/tickdeck-protocol';
import { median } from './numbers';
import { sleep } from './children';

const ROUNDS = 8;
const TAKE_MS = 3_000;

async function takeFrames(): Promise<Buffer[]> {
  const sim = await startSimulatorProcess({ rate: 200_000, instruments: 1_000 });
  try {
    const frames: Buffer[] = [];
    const ws = new WebSocket(sim.url);
    ws.on('open', () => ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] })));
    ws.on('message', (data: Buffer) => frames.push(data));
    await sleep(TAKE_MS);
    ws.terminate();
    return frames.filter((f) => f.toString('latin1', 0, 16).startsWith('{"op":"ticks"'));
  } finally {
    await sim.stop();
  }
}

const session = tickdeckProtocol('ws://x', { kind: 'url', label: 'x' }).createConnection();

function round(frames: readonly Buffer[], cut: boolean): { cpuUs: number; ticks: number } {
  let ticks = 0;
  const before = process.cpuUsage();
  for (const data of frames) {
    const text = data.toString();
    const pieces = cut ? (session.pieces?.(text) ?? [text]) : [text];
    for (const piece of pieces) {
      const result = session.decode(piece);
      if (!result.ok) throw new Error(result.error);
      for (const m of result.messages) if (m.op === 'ticks') ticks += m.ticks.length;
    }
  }
  const used = process.cpuUsage(before);
  return { cpuUs: used.user + used.system, ticks };
}

const frames = await takeFrames();
const bytes = frames.map((f) => f.length).sort((a, b) => a - b);
const cut = frames.filter((f) => session.pieces?.(f.toString()) != null).length;
console.log(
  `${frames.length} ticks frames, median ${(median(bytes) / 1024).toFixed(0)} KB, largest ${(bytes.at(-1)! / 1024).toFixed(0)} KB; ${cut} cut`,
);
const ratios: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const a = i % 2 === 0 ? round(frames, false) : null;
  const b = round(frames, true);
  const a2 = a ?? round(frames, false);
  const perA = (a2.cpuUs / a2.ticks) * 100;
  const perB = (b.cpuUs / b.ticks) * 100;
  ratios.push(perB / perA);
  console.log(
    `  round ${i + 1}: whole ${perA.toFixed(1)} ms, pieces ${perB.toFixed(1)} ms per 100k ticks (${(perB / perA).toFixed(3)}×)`,
  );
}
console.log(
  `pieces / whole: median ${median(ratios).toFixed(3)}×, ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}`,
);
