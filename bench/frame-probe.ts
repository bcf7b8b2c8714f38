/**
 * What the benches read of a dashboard's frames: the probe a page runs before its own scripts,
 * and the figures made of what it recorded.
 */
import { percentile } from './numbers';
import type { BatchRound } from './round-trip';

/** The display interval headless Chromium paces animation frames to. */
export const VSYNC_MS = 1000 / 60;

/**
 * Runs before the page's scripts.
 * - An animation-frame loop of its own, registered first, so it runs first in every frame:
 *   it records the frame's time.
 * - Every other requestAnimationFrame callback (the dashboard's draws) is timed, and the
 *   wall-clock time at which the frame's last one ended is kept.
 * - Each batch the page's WebSocket receives is read for its `newestTickTs` (found from the
 *   end of the message, a cheap string search). The batches that arrived before a frame began
 *   are drawn in that frame; tick-to-pixel latency = the wall-clock end of that frame's draws −
 *   the newest of those ticks, the renderer's own definition (scheduler.ts), per drawn frame.
 * - Each batch's flush time (`ts`, at the head of the message), its receipt, and the time the
 *   page sent its ack (the socket's `send`, wrapped): where the round trip goes.
 * `__benchTake` hands over and clears the samples, so the page's heap does not grow with them.
 */
export const FRAME_PROBE = `(() => {
  const raf = window.requestAnimationFrame.bind(window);
  let work = 0, ts = [], workAt = [], latency = [], arrival = [], rounds = [];
  let arrived = null, drawing = null, frameEnd = 0;
  window.requestAnimationFrame = (cb) => raf((t) => {
    const start = performance.now();
    try { cb(t); } finally { work += performance.now() - start; frameEnd = Date.now(); }
  });
  const loop = (t) => {
    if (drawing !== null) latency.push((frameEnd || Date.now()) - drawing);
    drawing = arrived; arrived = null; frameEnd = 0;
    ts.push(t); workAt.push(work); raf(loop);
  };
  raf(loop);
  const KEY = '"newestTickTs":';
  const HEAD = /^\\{"type":"batch","batch":\\{"seq":(\\d+),"ts":(\\d+)/;
  const ACK = /^\\{"type":"ack","seq":(\\d+)\\}$/;
  const unacked = new Map();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    send(data) {
      const m = typeof data === 'string' ? ACK.exec(data) : null;
      const round = m ? unacked.get(Number(m[1])) : undefined;
      if (round !== undefined) { round.ackAt = Date.now(); unacked.delete(round.seq); rounds.push(round); }
      super.send(data);
    }
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string') return;
        const head = HEAD.exec(e.data.slice(0, 64));
        if (head) {
          const round = { seq: Number(head[1]), ts: Number(head[2]), recv: Date.now(), ackAt: NaN };
          unacked.set(round.seq, round);
        }
        const at = e.data.lastIndexOf(KEY);
        if (at === -1) return;
        const v = parseFloat(e.data.slice(at + KEY.length, at + KEY.length + 24));
        if (!Number.isFinite(v)) return;
        arrival.push(Date.now() - v);
        arrived = arrived === null ? v : Math.max(arrived, v);
      });
    }
  };
  window.__benchTake = () => {
    const out = { ts, workAt, latency, arrival, rounds };
    ts = []; workAt = []; latency = []; arrival = []; rounds = [];
    return out;
  };
})();`;

/**
 * The probe as an init script: not in a tab's first, blank document, because a tab that
 * `window.open` opens keeps that document's window for the page it then loads, and Playwright
 * does not run the script again there (the bench reloads such a tab: windows-popout.ts).
 */
export const FRAME_PROBE_ON_LOAD = `if (location.href !== 'about:blank') ${FRAME_PROBE}`;

/** Frame figures over an interval. */
export interface FrameStats {
  readonly frames: number;
  readonly fps: number;
  /** Frames the display had time for but the page did not produce. */
  readonly dropped: number;
  /** Time in the dashboard's animation-frame callbacks per frame (draws), ms. */
  readonly drawP50Ms: number;
  readonly drawP95Ms: number;
  /** Tick-to-pixel latency of each drawn frame, ms. */
  readonly latency: readonly number[];
  /** Age of each batch's newest tick when the page received the batch, ms. */
  readonly arrival: readonly number[];
  /** Each batch's flush, receipt and ack (bench/round-trip.ts splits them). */
  readonly rounds: readonly BatchRound[];
}

export function frameStats(
  ts: readonly number[],
  workAt: readonly number[],
  latency: readonly number[],
  arrival: readonly number[] = [],
  rounds: readonly BatchRound[] = [],
): FrameStats {
  const draws: number[] = [];
  let dropped = 0;
  for (let i = 1; i < ts.length; i++) {
    draws.push(workAt[i]! - workAt[i - 1]!);
    dropped += Math.max(0, Math.round((ts[i]! - ts[i - 1]!) / VSYNC_MS) - 1);
  }
  const spanMs = ts.length > 1 ? ts[ts.length - 1]! - ts[0]! : 0;
  return {
    frames: draws.length,
    fps: spanMs > 0 ? (draws.length / spanMs) * 1000 : 0,
    dropped,
    drawP50Ms: percentile(draws, 0.5),
    drawP95Ms: percentile(draws, 0.95),
    latency,
    arrival,
    rounds,
  };
}

declare global {
  interface Window {
    __benchTake(): {
      ts: number[];
      workAt: number[];
      latency: number[];
      arrival: number[];
      rounds: BatchRound[];
    };
  }
}
