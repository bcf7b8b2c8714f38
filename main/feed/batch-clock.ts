/**
 * The engine's batch cadence: runs a callback on a fixed grid, start + k × interval. Node's
 * setInterval schedules each run one interval after the previous one was due to run as the
 * loop reached it, so every delay the event loop adds (a large feed frame being folded when
 * the timer falls due) pushes all later runs back: at 5,000 instruments the engine's 30 Hz
 * became 15-20 flushes a second (docs/PERFORMANCE.md, "Scale curve: instruments"). On the
 * grid a late run is followed by the next slot, sooner; slots missed entirely are skipped,
 * never run in a burst.
 */

/** A running clock; `stop` ends it. */
export interface BatchClock {
  stop(): void;
}

/** What the clock reads and how it waits: the process's own, unless a test passes others. */
export interface ClockHost {
  now(): number;
  setTimer(run: () => void, delayMs: number): () => void;
}

const PROCESS_CLOCK: ClockHost = {
  now: () => performance.now(),
  setTimer: (run, delayMs) => {
    const timer = setTimeout(run, delayMs);
    return () => clearTimeout(timer);
  },
};

/** Calls `tick` every `intervalMs` on a fixed grid, the first one interval from now. */
export function startBatchClock(
  intervalMs: number,
  tick: () => void,
  host: ClockHost = PROCESS_CLOCK,
): BatchClock {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0)
    throw new RangeError(`batch interval must be a positive number of ms, got ${intervalMs}`);
  const start = host.now();
  let slot = 0;
  let stopped = false;
  let cancel: () => void;
  const schedule = () => {
    // The next slot after now (a run a little early still counts as its own slot).
    slot = Math.max(slot + 1, Math.floor((host.now() - start) / intervalMs) + 1);
    cancel = host.setTimer(run, Math.max(0, start + slot * intervalMs - host.now()));
  };
  const run = () => {
    try {
      tick();
    } finally {
      if (!stopped) schedule();
    }
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
