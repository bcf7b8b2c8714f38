/**
 * Client requests: decoded once at the edge by the protocol's decoder, checked against what
 * this server has, applied to the subscriber, and always answered with one `status`. A request
 * that fails changes nothing, and the connection stays open.
 */
import type { ErrorCode, StatusMessage } from '../protocol/feed';
import type { SubscribeRequest } from '../protocol/feed-requests';
import { decodeClientMessage, requestIdOf } from '../protocol/decode';
import type { Subscriber } from './subscriber';
import type { Simulation } from './simulation';

/** Longest conflation window a client may ask for; bounds what a subscriber holds per instrument. */
export const MAX_CONFLATE_MS = 60_000;
/** Request rate limit: a burst of REQUEST_BURST, refilled at REQUESTS_PER_SEC. */
export const REQUEST_BURST = 100;
export const REQUESTS_PER_SEC = 50;

/** Token bucket for one connection's requests. */
export class RequestLimiter {
  private tokens = REQUEST_BURST;
  private lastMs: number;

  constructor(nowMs: number) {
    this.lastMs = nowMs;
  }

  /** Takes a token; false when the client is over the limit. */
  take(nowMs: number): boolean {
    this.tokens = Math.min(
      REQUEST_BURST,
      this.tokens + ((nowMs - this.lastMs) * REQUESTS_PER_SEC) / 1000,
    );
    this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON text of a failed status. */
export function errorStatusJson(id: number | null, code: ErrorCode, message: string): string {
  const status: StatusMessage = { op: 'status', id, ok: false, error: { code, message } };
  return JSON.stringify(status);
}

/** Decodes and applies one request frame, answering with a status. */
export function handleRequest(text: string, subscriber: Subscriber, sim: Simulation): void {
  const decoded = decodeClientMessage(text);
  if (!decoded.ok) {
    subscriber.send(errorStatusJson(requestIdOf(text), decoded.error.code, decoded.error.message));
    return;
  }
  const request = decoded.value;
  try {
    switch (request.op) {
      case 'subscribe': {
        const indices = resolve(sim, request.instruments, 'subscribe.instruments');
        const conflateMs = request.conflateMs ?? 0;
        if (conflateMs > MAX_CONFLATE_MS) {
          throw new RequestError(
            'BAD_REQUEST',
            `subscribe.conflateMs: expected at most ${MAX_CONFLATE_MS}, got ${conflateMs}`,
          );
        }
        const resume = resumePoints(sim, request, indices);
        subscriber.send(JSON.stringify({ op: 'status', id: request.id, ok: true }));
        subscriber.subscribe(indices, conflateMs, resume, request.snapshot === true);
        return;
      }
      case 'unsubscribe': {
        const indices = resolve(sim, request.instruments, 'unsubscribe.instruments');
        subscriber.send(JSON.stringify({ op: 'status', id: request.id, ok: true }));
        subscriber.unsubscribe(indices);
        return;
      }
      case 'replay':
        throw new RequestError(
          'NOT_REPLAY',
          'replay: this server is a live simulator, not a replay',
        );
    }
  } catch (err) {
    if (!(err instanceof RequestError)) throw err;
    subscriber.send(errorStatusJson(request.id, err.code, err.message));
  }
}

/** Instrument indexes for a list of ids (`"*"` means all); unknown ids are an error. */
function resolve(sim: Simulation, ids: readonly string[], path: string): number[] {
  if (ids.includes('*')) return sim.instruments.map((_, i) => i);
  const indices = new Set<number>();
  ids.forEach((id, i) => {
    const index = sim.indexOf(id);
    if (index === undefined) {
      throw new RequestError(
        'UNKNOWN_INSTRUMENT',
        `${path}[${i}]: no instrument ${JSON.stringify(id)}`,
      );
    }
    indices.add(index);
  });
  return [...indices];
}

/** `resume` as instrument index -> last seq, for the instruments this request subscribes. */
function resumePoints(
  sim: Simulation,
  request: SubscribeRequest,
  indices: readonly number[],
): Map<number, number> {
  const points = new Map<number, number>();
  const subscribing = new Set(indices);
  for (const [id, seq] of Object.entries(request.resume ?? {})) {
    const index = sim.indexOf(id);
    if (index === undefined) {
      throw new RequestError('UNKNOWN_INSTRUMENT', `subscribe.resume.${id}: no such instrument`);
    }
    if (subscribing.has(index)) points.set(index, seq);
  }
  return points;
}
