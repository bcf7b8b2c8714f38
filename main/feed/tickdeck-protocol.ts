/**
 * The Tickdeck wire protocol as a {@link FeedProtocol}: frames already are the engine's
 * messages, so decoding is the protocol decoder and nothing more.
 */
import type { FeedSource } from '../../protocol/batch';
import { decodeServerMessage } from '../../protocol/decode';
import type { ClientMessage } from '../../protocol/feed';
import type { FeedProtocol, FeedSession } from './feed-protocol';

function frame(message: ClientMessage): string {
  return JSON.stringify(message);
}

const session: FeedSession = {
  open(resume, id) {
    // Resume lets the server replay what we missed from its bounded history, or send a
    // snapshot when it cannot; without it every instrument starts from a snapshot.
    return resume.size === 0
      ? [frame({ op: 'subscribe', id, instruments: ['*'] })]
      : [frame({ op: 'subscribe', id, instruments: ['*'], resume: Object.fromEntries(resume) })];
  },
  decode(text) {
    const decoded = decodeServerMessage(text);
    return decoded.ok
      ? { ok: true, messages: [decoded.value] }
      : { ok: false, error: `${decoded.error.code} ${decoded.error.message}` };
  },
  resync(instruments, id) {
    return [frame({ op: 'subscribe', id, instruments, snapshot: true })];
  },
  replayControl(request, id) {
    return frame({ op: 'replay', id, ...request });
  },
};

/** The protocol for a Tickdeck server at `url` (the simulator, a replay server, any peer). */
export function tickdeckProtocol(url: string, source: FeedSource): FeedProtocol {
  return { url, source, createSession: () => session };
}
