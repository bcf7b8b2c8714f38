/**
 * What a NATS session does with a message on a live subject. One on an announced instrument's
 * subject with the relay's seq header (./seq-header.ts) is held as the bytes it came in: the
 * engine parses and checks it, once. Any other is parsed here first, to learn its seqs and to
 * check that it is about its subject's instrument; what does not decode, or carries no seqs,
 * goes to the engine, whose decoder counts and shows it.
 */
import type { Msg } from '@nats-io/nats-core';
import { decodeServerMessage } from '../../../protocol/decode';
import { seqRange, type SeqRange } from '../../../protocol/nats-seqs';
import type { Frame } from './engine-socket';
import { readSeqHeader } from './seq-header';

export type LiveMessage =
  | {
      readonly kind: 'hold';
      readonly instrument: string;
      readonly frame: Frame;
      readonly range: SeqRange;
    }
  | { readonly kind: 'pass'; readonly text: string }
  | { readonly kind: 'misplaced'; readonly instrument: string };

const decoder = new TextDecoder();

/**
 * @param announced the instrument whose live subject `msg` came on, if the hello named it
 * @param subjectOf an instrument's live subject
 */
export function liveMessage(
  msg: Msg,
  announced: string | undefined,
  subjectOf: (instrument: string) => string,
): LiveMessage {
  const headerRange = announced === undefined ? null : readSeqHeader(msg);
  // A copy: msg.data is a view of the socket's read buffer, which a held view would keep. It is
  // a Node Buffer, whose slice() is a view too; the Uint8Array constructor copies.
  if (headerRange !== null)
    return {
      kind: 'hold',
      instrument: announced!,
      frame: new Uint8Array(msg.data),
      range: headerRange,
    };
  const text = decoder.decode(msg.data);
  const decoded = decodeServerMessage(text);
  if (!decoded.ok) return { kind: 'pass', text };
  const range = seqRange(decoded.value);
  const instrument =
    decoded.value.op === 'snapshot'
      ? decoded.value.instrument
      : decoded.value.op === 'ticks'
        ? decoded.value.ticks[0]?.instrument
        : undefined;
  if (range === null || instrument === undefined) return { kind: 'pass', text };
  if (msg.subject !== subjectOf(instrument)) return { kind: 'misplaced', instrument };
  return { kind: 'hold', instrument, frame: text, range };
}
