/**
 * The Tickdeck wire protocol as a {@link FeedProtocol}: frames already are the engine's
 * messages, so decoding is the protocol decoder and nothing more.
 */
import type { FeedSource } from '../../protocol/health';
import { decodeServerMessage } from '../../protocol/decode';
import type { ClientMessage } from '../../protocol/feed-requests';
import { MAX_RESUME_FRAME_BYTES } from '../../protocol/limits';
import type { FeedProtocol, FeedConnection } from './feed-protocol';
import { ticksFramePieces } from './ticks-frame-pieces';

function frame(message: ClientMessage): string {
  return JSON.stringify(message);
}

/**
 * The subscribe frames that resume every instrument of `resume` (PROTOCOL.md, "Resume"): each
 * lists some instruments with their last seq and stays within {@link MAX_RESUME_FRAME_BYTES},
 * then one `["*"]` subscribes the rest with snapshots. One frame for every instrument passed
 * the server's 64 KiB limit at about 5,000 instruments: every reconnect was closed with 1009.
 */
export function resumeFrames(resume: ReadonlyMap<string, number>, id: number): string[] {
  const frames: string[] = [];
  const emptyBytes = frame({ op: 'subscribe', id, instruments: [], resume: {} }).length;
  let entries: [string, number][] = [];
  let bytes = emptyBytes;
  const flush = () => {
    const instruments = entries.map(([instrument]) => instrument);
    frames.push(frame({ op: 'subscribe', id, instruments, resume: Object.fromEntries(entries) }));
    entries = [];
    bytes = emptyBytes;
  };
  for (const entry of resume) {
    // `"id",` in the list and `"id":seq,` in the resume object.
    const entryBytes =
      2 * Buffer.byteLength(JSON.stringify(entry[0])) + String(entry[1]).length + 3;
    if (entries.length > 0 && bytes + entryBytes > MAX_RESUME_FRAME_BYTES) flush();
    entries.push(entry);
    bytes += entryBytes;
  }
  if (entries.length > 0) flush();
  frames.push(frame({ op: 'subscribe', id, instruments: ['*'] }));
  return frames;
}

const session: FeedConnection = {
  open(resume, id) {
    // Resume lets the server replay what we missed from its bounded history, or send a
    // snapshot when it cannot; without it every instrument starts from a snapshot.
    return resumeFrames(resume, id);
  },
  decode(text) {
    const decoded = decodeServerMessage(text);
    return decoded.ok
      ? { ok: true, messages: [decoded.value] }
      : { ok: false, error: `${decoded.error.code} ${decoded.error.message}` };
  },
  pieces: (text) => ticksFramePieces(text),
  resync(instruments, id) {
    return [frame({ op: 'subscribe', id, instruments, snapshot: true })];
  },
  replayControl(request, id) {
    return frame({ op: 'replay', id, ...request });
  },
};

/** The protocol for a Tickdeck server at `url` (the simulator, a replay server, any peer). */
export function tickdeckProtocol(url: string, source: FeedSource): FeedProtocol {
  return { url, source, createConnection: () => session };
}
