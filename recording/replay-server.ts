/**
 * Serves a recording over the live protocol, so any client consumes it as if it were live:
 * hello (with `replay` info), subscribe -> snapshots then ticks, heartbeats, and replay control
 * (`{"op":"replay","action":"pause"|"resume"|"seek"|"speed"}`, see docs/RECORDING.md). Each
 * connection replays independently from the start of the recording.
 */
import { WebSocketServer } from 'ws';
import { CLOSE_CODES, MAX_CLIENT_FRAME_BYTES } from '../protocol/feed';
import { openRecording, type Recording } from './recording-reader';
import { MAX_SPEED, MIN_SPEED, ReplaySession } from './replay-session';
import { translateRecording, type FrameTranslatorFactory } from './translated-recording';

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
}

/** A running replay server. */
export interface ReplayServer {
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
  return speed === 0 || (speed >= MIN_SPEED && speed <= MAX_SPEED)
    ? null
    : `expected 0 (as fast as possible) or ${MIN_SPEED} to ${MAX_SPEED}, got ${speed}`;
}

/** Opens the recording; one of an exchange's raw messages comes back translated. */
async function openTranslated(opts: ReplayServerOptions): Promise<Recording> {
  const recording = await openRecording(opts.dir, { onWarning: opts.onWarning });
  if (recording.feed === null) return recording;
  if (!opts.translate)
    throw new Error(
      `${opts.dir}: a recording of the ${recording.feed} feed holds the exchange's own messages; ` +
        'replay it in the Tickdeck app, which has the exchange adapters',
    );
  return translateRecording(recording, opts.translate(recording.feed));
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
  const host = opts.host ?? '127.0.0.1';
  const wss = new WebSocketServer({
    port: opts.port ?? 0,
    host,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const sessions = new Set<ReplaySession>();
  wss.on('connection', (ws) => {
    const session = new ReplaySession(ws, recording, speed, opts.loop ?? false);
    sessions.add(session);
    ws.on('close', () => sessions.delete(session));
  });
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `ws://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${port}`,
    port,
    recording,
    connections: () => sessions.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.stop();
        for (const ws of wss.clients) ws.close(CLOSE_CODES.GOING_AWAY, 'replay server closing');
        const force = setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), 1_000);
        wss.close(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
