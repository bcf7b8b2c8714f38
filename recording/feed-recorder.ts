/**
 * Records any feed that speaks the protocol: connects, subscribes to everything, writes every
 * frame as received, marks disconnections and reconnects (with a capped backoff) until
 * stopped. The recording starts at the first `hello`, so its header names the instruments.
 */
import WebSocket from 'ws';
import { decodeServerMessage } from '../protocol/decode';
import type { Instrument } from '../protocol/feed';
import { RecordingWriter, type RecordingWriterStats } from './recording-writer';

/** First reconnect delay after a lost connection, ms; doubles up to the max. */
export const RECONNECT_DELAY_MS = 500;
export const MAX_RECONNECT_DELAY_MS = 10_000;
/** Frames held while the first segment is being created; a feed sends its snapshots then. */
const MAX_EARLY_FRAMES = 10_000;
/** How long the first connection may take before the feed counts as unreachable, ms. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** Options of {@link recordFeed}. */
export interface RecordFeedOptions {
  readonly url: string;
  readonly dir: string;
  /** Called on connection events, for the user to read. */
  readonly onEvent?: (message: string) => void;
}

/** A recording in progress. */
export interface FeedRecording {
  readonly dir: string;
  stats(): RecordingWriterStats;
  /** Stops: closes the socket, ends the last segment, writes the index. */
  stop(): Promise<RecordingWriterStats>;
}

/**
 * Connects and starts recording once the feed said hello. Rejects when the first connection
 * fails or the folder already holds a recording.
 */
export function recordFeed(opts: RecordFeedOptions): Promise<FeedRecording> {
  let writer: RecordingWriter | null = null;
  let early: { raw: string; at: number }[] | null = null;
  let ws: WebSocket;
  let stopped = false;
  let delay = RECONNECT_DELAY_MS;
  let retry: NodeJS.Timeout | undefined;
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(
      () => fail(new Error(`${opts.url}: no hello within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );
    const fail = (err: Error): void => {
      clearTimeout(timeout);
      stopped = true;
      ws.terminate();
      reject(err);
    };
    const recording: FeedRecording = {
      dir: opts.dir,
      stats: () => writer!.stats(),
      async stop() {
        stopped = true;
        clearTimeout(retry);
        ws.removeAllListeners('message');
        ws.close(1001, 'recorder stopping');
        await writer!.close();
        return writer!.stats();
      },
    };
    const connect = (): void => {
      ws = new WebSocket(opts.url, { perMessageDeflate: false });
      ws.on('open', () => {
        delay = RECONNECT_DELAY_MS;
        ws.send(JSON.stringify({ op: 'subscribe', id: 1, instruments: ['*'] }));
        if (writer) {
          writer.mark('connected', Date.now());
          opts.onEvent?.(`reconnected to ${opts.url}`);
        }
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        const raw = data.toString();
        const at = Date.now();
        if (writer) return writer.write(raw, at);
        // Status and snapshots follow the hello at once, while the writer is still being
        // created: hold them, or the recording would start without its snapshots.
        if (early) return void (early.length < MAX_EARLY_FRAMES && early.push({ raw, at }));
        if (!raw.includes('"hello"')) return;
        early = [];
        // A hello the protocol refuses is still recorded (as received), but its instruments
        // head no segment: a replay announces a header's instruments as its own hello.
        const decoded = decodeServerMessage(raw);
        const instruments: readonly Instrument[] =
          decoded.ok && decoded.value.op === 'hello' ? decoded.value.instruments : [];
        RecordingWriter.create({
          dir: opts.dir,
          source: opts.url,
          instruments,
          now: () => at,
        }).then(
          (w) => {
            clearTimeout(timeout);
            writer = w;
            w.write(raw, at);
            for (const frame of early ?? []) w.write(frame.raw, frame.at);
            early = null;
            resolve(recording);
          },
          (err: Error) => fail(err),
        );
      });
      ws.on('error', (err) => {
        if (!writer) fail(new Error(`${opts.url}: ${err.message || 'connection failed'}`));
      });
      ws.on('close', (code, reason) => {
        if (stopped || !writer) return;
        writer.mark('disconnected', Date.now(), {
          detail: `closed ${code} ${reason.toString()}`.trim(),
        });
        opts.onEvent?.(`connection lost (${code}); retrying in ${delay} ms`);
        retry = setTimeout(connect, delay);
        delay = Math.min(delay * 2, MAX_RECONNECT_DELAY_MS);
      });
    };
    connect();
  });
}
