/**
 * The relay's last-seq messages (NATS mapping only, docs/PROTOCOL.md "NATS mapping"): each
 * instrument's last published `seq`, sent on the source's `seqs` subject (protocol/nats.ts)
 * with every relay heartbeat. A gap shows only when a later tick arrives; an instrument whose last ticks were
 * lost (a desk's NATS connection failing over) and that then goes quiet never shows one. A
 * desk that holds a lower seq than the relay announces knows it missed the tail and resyncs
 * the instrument from the stored state.
 *
 * The whole list goes out every heartbeat (a desk that missed one message is told again a
 * second later), cut into messages of at most {@link MAX_SEQS_BYTES}.
 */
import type { ServerMessage } from './feed';
import { MAX_ID_CHARS } from './limits';
import { peerMessage } from './plain-object';

/** One last-seq message: `{"op":"seqs","seqs":{"BTC/USD":1234,...}}`. */
export interface LastSeqsMessage {
  readonly op: 'seqs';
  /** Instrument id to the seq of the last event the relay published for it. */
  readonly seqs: Readonly<Record<string, number>>;
}

/** Largest last-seq message, bytes: the relay cuts its list to fit, a desk refuses bigger. */
export const MAX_SEQS_BYTES = 64 * 1024;

const EMPTY_BYTES = '{"op":"seqs","seqs":{}}'.length;

/**
 * The messages announcing `seqs`, each at most `maxBytes` (ids are at most
 * {@link MAX_ID_CHARS} characters, so one entry fits any NATS server's `max_payload`). None
 * for an empty map.
 * @param maxBytes at most {@link MAX_SEQS_BYTES}: less on a server of a smaller `max_payload`
 */
export function lastSeqsMessages(
  seqs: ReadonlyMap<string, number>,
  maxBytes = MAX_SEQS_BYTES,
): string[] {
  const out: string[] = [];
  let chunk: Record<string, number> = {};
  let bytes = EMPTY_BYTES;
  let entries = 0;
  for (const [id, seq] of seqs) {
    // `"id":seq,` in UTF-8.
    const entryBytes = new TextEncoder().encode(JSON.stringify(id)).length + String(seq).length + 2;
    if (entries > 0 && bytes + entryBytes > maxBytes) {
      out.push(JSON.stringify({ op: 'seqs', seqs: chunk }));
      chunk = {};
      bytes = EMPTY_BYTES;
      entries = 0;
    }
    chunk[id] = seq;
    bytes += entryBytes;
    entries++;
  }
  if (entries > 0) out.push(JSON.stringify({ op: 'seqs', seqs: chunk }));
  return out;
}

/** A decoded last-seq message, or what is wrong with it (shown to the desk's user). */
export type DecodedLastSeqs =
  | { readonly ok: true; readonly seqs: ReadonlyMap<string, number> }
  | { readonly ok: false; readonly error: string };

/** Parses a last-seq message from a peer: untrusted, every field checked. */
export function decodeLastSeqs(text: string): DecodedLastSeqs {
  const read = peerMessage(text, MAX_SEQS_BYTES, 'seqs');
  if (!read.ok) return read;
  const message = read.value;
  const raw = message.seqs;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'seqs is not an object' };
  const seqs = new Map<string, number>();
  for (const [id, seq] of Object.entries(raw)) {
    if (id.length === 0 || id.length > MAX_ID_CHARS)
      return { ok: false, error: `an instrument id of ${id.length} characters` };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      return {
        ok: false,
        error: `seq of ${JSON.stringify(id).slice(0, 80)} is not a whole number ≥ 0`,
      };
    seqs.set(id, seq);
  }
  return { ok: true, seqs };
}

/**
 * The header on every live message a relay publishes: its seq range, `<first seq> <last seq>`,
 * so a desk's gateway can hold and forward the message without parsing its JSON (the engine
 * behind the gateway parses and checks every message anyway). A message without it (another
 * publisher, an older relay) is parsed to find its range.
 */
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

/** The {@link SEQ_HEADER} value for `range`. */
export function formatSeqRange(range: SeqRange): string {
  return `${range.firstSeq} ${range.lastSeq}`;
}

const RANGE = /^(\d{1,15}) (\d{1,15})$/;

/** A {@link SEQ_HEADER} value's range: null for a missing one or one that does not read. */
export function parseSeqRange(value: string | undefined): SeqRange | null {
  const match = value ? RANGE.exec(value) : null;
  if (match === null) return null;
  const firstSeq = Number(match[1]);
  const lastSeq = Number(match[2]);
  return firstSeq <= lastSeq ? { firstSeq, lastSeq } : null;
}
