/**
 * The seq range of a live message, carried in a NATS header beside its JSON: the relay sets it
 * on every live message it publishes, so a desk's gateway can hold and forward the message
 * without parsing it (the engine behind the gateway parses and checks every message anyway).
 * Parsing it twice cost a NATS desk about twice the CPU of a direct one (docs/PERFORMANCE.md,
 * "NATS fan-out"). A message without the header (another publisher, an older relay) is parsed
 * as before.
 */
import { headers, type Msg, type MsgHdrs } from '@nats-io/nats-core';
import type { ServerMessage } from '../../../protocol/feed';

/** The header's name; its value is `<first seq> <last seq>`. */
export const SEQ_HEADER = 'Tickdeck-Seqs';

/** The seqs a live message's events cover, oldest first. */
export interface SeqRange {
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/** A live message's seq range: a snapshot's seq, or its ticks' (counting conflated ones). */
export function seqRange(message: ServerMessage): SeqRange | null {
  if (message.op === 'snapshot') return { firstSeq: message.seq, lastSeq: message.seq };
  if (message.op !== 'ticks' || message.ticks.length === 0) return null;
  const first = message.ticks[0]!;
  return {
    firstSeq: first.seq - (first.conflated ?? 1) + 1,
    lastSeq: message.ticks[message.ticks.length - 1]!.seq,
  };
}

/** The header set on a live message covering `range`. */
export function seqHeader(range: SeqRange): MsgHdrs {
  const h = headers();
  h.set(SEQ_HEADER, `${range.firstSeq} ${range.lastSeq}`);
  return h;
}

const RANGE = /^(\d{1,15}) (\d{1,15})$/;

/** The range a message's header gives; null without one, or with one that does not read. */
export function readSeqHeader(msg: Msg): SeqRange | null {
  const value = msg.headers?.get(SEQ_HEADER);
  const match = value ? RANGE.exec(value) : null;
  if (match === null) return null;
  const firstSeq = Number(match[1]);
  const lastSeq = Number(match[2]);
  return firstSeq <= lastSeq ? { firstSeq, lastSeq } : null;
}
