/**
 * Live messages cut to fit the NATS server's `max_payload` (1 MB by default, often set lower:
 * `max_payload: 65536`). A message over it is refused by the client before it leaves, so the
 * relay cuts a source frame's ticks of one instrument into messages that each fit, and what
 * cannot fit at all (one tick, a snapshot, a latest state bigger than `max_payload`: a deep
 * order book, long ids) is not sent but reported, bounded, naming it (./failure-report.ts).
 */
import type { Tick } from '../protocol/feed';
import { seqRange, type SeqRange } from '../protocol/nats-seqs';
import { FailureReport } from './failure-report';

/** Largest payload the relay publishes, bytes, whatever the server's `max_payload`. */
export const MAX_PUBLISH_BYTES = 512 * 1024;
/** Room kept in each message for its headers (the seq header is under 50 bytes), bytes. */
export const HEADER_ROOM_BYTES = 256;

/** The largest payload a live message may have on a server of `serverMaxPayload`, bytes. */
export function maxLiveBytes(serverMaxPayload: number | undefined): number {
  if (serverMaxPayload === undefined) return MAX_PUBLISH_BYTES;
  return Math.min(MAX_PUBLISH_BYTES, serverMaxPayload - HEADER_ROOM_BYTES);
}

/** One ticks message ready to publish. */
export interface LivePayload {
  readonly payload: Uint8Array;
  readonly range: SeqRange;
}

/** The ticks messages of one instrument's ticks, and the ticks too big for any. */
export interface TicksPayloads {
  readonly payloads: readonly LivePayload[];
  readonly tooBig: readonly { readonly tick: Tick; readonly bytes: number }[];
}

const encoder = new TextEncoder();
/** `{"op":"ticks","ticks":[` and `]}`, bytes. */
const ENVELOPE_BYTES = 25;

/**
 * `ticks` (one instrument's, in order) as ticks messages of at most `maxBytes` each: one
 * message when it fits (the usual case, encoded once), else runs of consecutive ticks.
 */
export function ticksPayloads(ticks: readonly Tick[], maxBytes: number): TicksPayloads {
  const whole = encoder.encode(JSON.stringify({ op: 'ticks', ticks }));
  if (whole.length <= maxBytes)
    return { payloads: [{ payload: whole, range: seqRange({ op: 'ticks', ticks })! }], tooBig: [] };
  const payloads: LivePayload[] = [];
  const tooBig: { tick: Tick; bytes: number }[] = [];
  let run: Tick[] = [];
  let bytes = ENVELOPE_BYTES;
  const flush = (): void => {
    if (run.length === 0) return;
    const payload = encoder.encode(JSON.stringify({ op: 'ticks', ticks: run }));
    payloads.push({ payload, range: seqRange({ op: 'ticks', ticks: run })! });
    run = [];
    bytes = ENVELOPE_BYTES;
  };
  for (const tick of ticks) {
    // A tick's JSON, and the comma before it in a run.
    const tickBytes = encoder.encode(JSON.stringify(tick)).length + 1;
    if (ENVELOPE_BYTES + tickBytes > maxBytes) {
      // The ticks before it go first, in order; the desks see the gap it leaves.
      flush();
      tooBig.push({ tick, bytes: ENVELOPE_BYTES + tickBytes - 1 });
      continue;
    }
    if (bytes + tickBytes > maxBytes) flush();
    bytes += tickBytes;
    run.push(tick);
  }
  flush();
  return { payloads, tooBig };
}

/** Messages not sent for their size, reported bounded: one line per few seconds at most. */
export class OversizeReport {
  private readonly report: FailureReport;
  private lastWhat: string | null = null;

  constructor(onLine: (line: string) => void) {
    this.report = new FailureReport(
      "not published, over the NATS server's max_payload",
      'messages fit again',
      onLine,
    );
  }

  /** Messages not sent since the start. */
  get count(): number {
    return this.report.count;
  }

  /** The last one not sent (`tick 5 of BOOK`), null before any. */
  get last(): string | null {
    return this.lastWhat;
  }

  /** `what` (`tick 5 of BOOK`) was `bytes` long, over `maxBytes`, and was not sent. */
  refused(what: string, bytes: number, maxBytes: number): string {
    this.lastWhat = what;
    const why = `${bytes} bytes, more than ${maxBytes} (max_payload less ${HEADER_ROOM_BYTES})`;
    this.report.failed(why, what);
    return `${what} not published: ${why}`;
  }

  close(): void {
    this.report.close();
  }
}
