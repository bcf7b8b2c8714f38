/**
 * Transport side by side: the engine's batches (bench/engine-process.ts: the app host and the
 * browser-mode web host) against forwarding every tick as a message of its own
 * (bench/forward-process.ts), both fed by the same seeded simulator and decoding its frames the
 * same way, both read by one WebSocket consumer in this process (which acks each batch as the
 * dashboard does). Per 100k ticks: bytes sent, messages sent, CPU of the sending process and
 * CPU of the consumer (what a renderer would pay just to receive them).
 *
 * Standalone: `npx tsx bench/transport.bench.ts`.
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { WEB_SOCKET_PATH, WEB_TOKEN_PARAM } from '../protocol/web';
import { printResults, type BenchResult } from './report';
import { buildRenderer } from './renderer-build';
import { sleep } from './children';
import {
  startEngineProcess,
  startForwardProcess,
  startSimulatorProcess,
} from './product-processes';
import type { EngineChild } from './stats-process';

const RATES = [10_000, 50_000] as const;
const WARMUP_MS = 2_000;
const MEASURE_MS = 5_000;
const PER = 100_000;

interface Cost {
  readonly bytes: number;
  readonly messages: number;
  readonly senderCpuMs: number;
  readonly consumerCpuMs: number;
  readonly ticksPerSec: number;
}

/** The consumer's socket URL: the web host's page URL maps to its batch socket. */
function socketUrl(url: string, mode: 'batches' | 'forward'): string {
  if (mode === 'forward') return url;
  const page = new URL(url);
  const token = page.searchParams.get(WEB_TOKEN_PARAM) ?? '';
  return `ws://${page.host}${WEB_SOCKET_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

async function measure(rate: number, mode: 'batches' | 'forward'): Promise<Cost> {
  const sim = await startSimulatorProcess({ rate });
  let sender: EngineChild | undefined;
  let consumer: WebSocket | undefined;
  try {
    sender =
      mode === 'batches'
        ? await startEngineProcess(sim.url, await buildRenderer())
        : await startForwardProcess(sim.url);
    const ws = (consumer = new WebSocket(socketUrl(sender.url, mode), {
      perMessageDeflate: false,
    }));
    ws.on('message', (data: Buffer) => {
      const text = data.toString();
      if (mode === 'batches' && text.startsWith('{"type":"batch"')) {
        // The dashboard parses the batch, folds it and acks it: parse and ack here too.
        const { batch } = JSON.parse(text) as { batch: { seq: number } };
        ws.send(JSON.stringify({ type: 'ack', seq: batch.seq }));
      } else if (mode === 'forward') JSON.parse(text);
    });
    await once(ws, 'open');
    await sleep(WARMUP_MS);
    const before = await sender.stats();
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await sleep(MEASURE_MS);
    const after = await sender.stats();
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (performance.now() - start) / 1000;
    const ticks = after.ticksTotal - before.ticksTotal;
    const per = PER / ticks;
    return {
      bytes: (after.bytesSent - before.bytesSent) * per,
      messages: (after.messagesSent - before.messagesSent) * per,
      senderCpuMs: ((after.cpuUs - before.cpuUs) / 1000) * per,
      consumerCpuMs: ((cpu.user + cpu.system) / 1000) * per,
      ticksPerSec: ticks / seconds,
    };
  } finally {
    consumer?.terminate();
    await sender?.stop();
    await sim.stop();
  }
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const rate of RATES) {
    const batches = await measure(rate, 'batches');
    const forward = await measure(rate, 'forward');
    const label = `${rate / 1000}k ticks/s`;
    const context = `${Math.round(batches.ticksPerSec).toLocaleString('en-US')} vs ${Math.round(forward.ticksPerSec).toLocaleString('en-US')} ticks/s ingested`;
    results.push(
      {
        name: `transport ${label}: bytes per 100k ticks (batches)`,
        value: batches.bytes,
        unit: 'B',
        baseline: forward.bytes,
        ratio: forward.bytes / batches.bytes,
        note: `baseline = one message per tick; ratio = baseline / value (times fewer bytes); ${context}`,
      },
      {
        name: `transport ${label}: messages per 100k ticks (batches)`,
        value: batches.messages,
        unit: 'msgs',
        baseline: forward.messages,
        ratio: forward.messages / batches.messages,
        note: 'ratio = baseline / value',
      },
      {
        name: `transport ${label}: sender CPU per 100k ticks (engine)`,
        value: batches.senderCpuMs,
        unit: 'ms',
        baseline: forward.senderCpuMs,
        ratio: forward.senderCpuMs / batches.senderCpuMs,
        note: 'engine: decode + fold + batches; baseline: decode + one send per tick; ratio = baseline / value',
      },
      {
        name: `transport ${label}: consumer CPU per 100k ticks`,
        value: batches.consumerCpuMs,
        unit: 'ms',
        baseline: forward.consumerCpuMs,
        ratio: forward.consumerCpuMs / batches.consumerCpuMs,
        note: 'receive + JSON.parse (+ ack) in one Node consumer; ratio = baseline / value',
      },
    );
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printResults('Transport: engine batches vs forwarding every tick', await run());
}
