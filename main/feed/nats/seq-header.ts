/**
 * The seq-range header (protocol/nats-seqs.ts, `SEQ_HEADER`) on NATS messages: set by the
 * relay, read by a desk's gateway. Parsing each message twice, in the gateway and in the
 * engine, cost a NATS desk about twice the CPU of a direct one (docs/PERFORMANCE.md, "NATS
 * fan-out").
 */
import { headers, type Msg, type MsgHdrs } from '@nats-io/nats-core';
import {
  formatSeqRange,
  parseSeqRange,
  SEQ_HEADER,
  type SeqRange,
} from '../../../protocol/nats-seqs';

/** The header set on a live message covering `range`. */
export function seqHeader(range: SeqRange): MsgHdrs {
  const h = headers();
  h.set(SEQ_HEADER, formatSeqRange(range));
  return h;
}

/** The range a message's header gives; null without one, or with one that does not read. */
export function readSeqHeader(msg: Msg): SeqRange | null {
  return parseSeqRange(msg.headers?.get(SEQ_HEADER));
}
