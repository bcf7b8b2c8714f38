/**
 * Serves a recording over the live protocol, so any client consumes it as if it were live:
 * hello (with `replay` info), subscribe -> snapshots then ticks, heartbeats, and replay control
 * (`{"op":"replay","action":"pause"|"resume"|"seek"|"speed"}`, see docs/RECORDING.md). Each
 * connection replays independently from the start of the recording.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CLOSE_CODES, MAX_CLIENT_FRAME_BYTES } from '../protocol/feed';
import { REPLAY_SPEEDS, isReplaySpeed } from '../protocol/limits';
import { openPlayable } from './playable-recording';
import type { Recording } from './recording-reader';
import { openRecordingSet, type RecordingSet } from './recording-set';
import { isRecordingSet } from './recording-set-file';
import { ReplayPlayback } from './replay-playback';
import type { FrameTranslatorFactory } from './segment-translation';
import type { TranslatedRecording } from './translated-recording';
import { listenSockets, sameSecret, type UpgradeRefusal } from '../net/socket-server';

/** Query parameter of the per-run secret of a private replay server (`private: true`). */
export const REPLAY_TOKEN_PARAM = 'token';
/** Secret entropy. */
const TOKEN_BYTES = 24;
/** How long clients get to complete the close handshake when the server closes, ms. */
const CLOSE_GRACE_MS = 1_000;

/** Options of {@link startReplayServer}. */
export interface ReplayServerOptions {
  /** The recording folder. */
  readonly dir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Initial speed factor of each connection: 0.25 to 100, or 0 for as fast as possible (default 1). */
  readonly speed?: number;
  /** Start again from the beginning at the end (default false). */
  readonly loop?: boolean;
  /** Receives warnings about the recording (truncated segment, rebuilt index...). */
  readonly onWarning?: (message: string) => void;
  /**
   * Translates a recording of an exchange's raw messages (its header names the `feed`) into
   * protocol frames; the app passes its exchange adapters. Without it such a recording is
   * refused with a message saying so.
   */
  readonly translate?: FrameTranslatorFactory;
  /**
   * Serve only the client that started the server (the app's in-app replay): `url` carries a
   * fresh random secret, and an upgrade without it, or from a browser page (any `Origin`), is
   * refused. Default false: the standalone `feed-simulator replay` serves any client.
   */
  readonly private?: boolean;
}

/** A running replay server. */
export interface ReplayServer {
  /** Where to connect; includes the secret of a private server. */
  readonly url: string;
  readonly port: number;
  readonly recording: Recording;
  /** Connections open now. */
  connections(): number;
  /** Closes every connection (1001) and stops listening. */
  close(): Promise<void>;
}

/** Checks a speed factor; returns an error message or null. */
export function checkSpeed(speed: number): string | null {
  return isReplaySpeed(speed) ? null : `expected ${REPLAY_SPEEDS}, got ${speed}`;
}

/**
 * Opens the recording; one of an exchange's raw messages comes back translated as it plays, a
 * set of several sources (with `sources.json`) as their merge on one clock.
 */
async function openTranslated(
  opts: ReplayServerOptions,
): Promise<Recording | TranslatedRecording | RecordingSet> {
  if (await isRecordingSet(opts.dir))
    return openRecordingSet(opts.dir, { onWarning: opts.onWarning, translate: opts.translate });
  return openPlayable(opts.dir, opts);
}

/**
 * Opens the recording (throwing a `RecordingError` naming the file if it cannot be read), then
 * listens.
 */
export async function startReplayServer(opts: ReplayServerOptions): Promise<ReplayServer> {
  const speed = opts.speed ?? 1;
  const speedError = checkSpeed(speed);
  if (speedError) throw new RangeError(`speed: ${speedError}`);
  const recording = await openTranslated(opts);
  // From here on a failure must not leave a translated recording's spill folder behind.
  const release = async () => {
    if ('close' in recording) await recording.close();
  };
  const host = opts.host ?? '127.0.0.1';
  const token = opts.private ? randomBytes(TOKEN_BYTES).toString('hex') : null;
  const sessions = new Set<ReplayPlayback>();
  const listening = listenSockets({
    host,
    port: opts.port ?? 0,
    maxPayloadBytes: MAX_CLIENT_FRAME_BYTES,
    checkUpgrade: token === null ? undefined : (req) => checkSecret(req, token),
    onConnection: (ws) => {
      const session = new ReplayPlayback(ws, recording, speed, opts.loop ?? false);
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
    },
  });
  const listener = await listening.catch(async (err: unknown) => {
    await release();
    throw err;
  });
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const base = `ws://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${listener.port}`;
  return {
    url: token === null ? base : `${base}/?${REPLAY_TOKEN_PARAM}=${token}`,
    port: listener.port,
    recording,
    connections: () => sessions.size,
    close: async () => {
      for (const session of sessions) session.stop();
      await listener.close(CLOSE_CODES.GOING_AWAY, 'replay server closing', CLOSE_GRACE_MS);
      await release();
    },
  };
}

/** A private server's upgrade check: the engine (a Node client) sends no `Origin`, browsers do. */
function checkSecret(req: IncomingMessage, token: string): UpgradeRefusal | null {
  if (req.headers.origin !== undefined) return { status: 403, reason: 'Browser pages refused' };
  let given: string | null;
  try {
    given = new URL(req.url ?? '/', 'ws://x').searchParams.get(REPLAY_TOKEN_PARAM);
  } catch {
    return { status: 400, reason: 'Bad request' };
  }
  return sameSecret(given, token) ? null : { status: 401, reason: 'Missing or wrong token' };
}
