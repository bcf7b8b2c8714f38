/**
 * Bounds on what a feed or a recording announces, checked by the decoder at the edge so a
 * broken or hostile peer cannot overflow a timer, make the renderer throw or grow a client's
 * memory without limit. PROTOCOL.md lists them in its "Limits" section.
 */

/**
 * `hello.heartbeatMs` range. Below the minimum a healthy feed would look stalled between two
 * frames; above the maximum stall detection (3 × heartbeat) would wait for hours, and at
 * 2^53 − 1 it never fires at all (Node clamps longer timers), so a dead feed shows "live".
 */
export const MIN_HEARTBEAT_MS = 10;
export const MAX_HEARTBEAT_MS = 600_000;

/** Most instruments one `hello` may announce; each costs the client per-instrument state. */
export const MAX_INSTRUMENTS = 100_000;

/**
 * Longest instrument id, in UTF-16 code units. Ids are repeated in every tick and in resume
 * requests, so this also bounds one resume entry (see {@link MAX_RESUME_FRAME_BYTES}).
 */
export const MAX_ID_CHARS = 256;

/**
 * Most digits after the point an instrument displays (`decimals`). `toFixed` throws past 100;
 * no venue quotes more than 18.
 */
export const MAX_DECIMALS = 20;

/** Smallest `tickSize`: one unit of the last of {@link MAX_DECIMALS} digits. */
export const MIN_TICK_SIZE = 1e-20;

/** Most incidents a match snapshot carries (the most recent ones). */
export const MAX_SNAPSHOT_INCIDENTS = 50;

/**
 * Replay speed factors a replay server accepts besides 0 (as fast as possible): the server's
 * check of a client's request and the client's check of the speed a server reports (bug 267:
 * a peer's 1e9 showed as "1000000000×").
 */
export const MIN_REPLAY_SPEED = 0.25;
export const MAX_REPLAY_SPEED = 100;

/** The replay speeds accepted, as an error message names them. */
export const REPLAY_SPEEDS = `0 (as fast as possible) or ${MIN_REPLAY_SPEED} to ${MAX_REPLAY_SPEED}`;

/** True when a replay server accepts `speed`. */
export function isReplaySpeed(speed: number): boolean {
  return speed === 0 || (speed >= MIN_REPLAY_SPEED && speed <= MAX_REPLAY_SPEED);
}

/** Largest time magnitude (`ts`, `startTime`, replay positions), ms: the range of a JS Date. */
export const MAX_TIME_MS = 8.64e15;

/**
 * Largest `subscribe` frame a client builds for a resume, in bytes of JSON. A resume of more
 * instruments is sent as several such frames (PROTOCOL.md, "Resume"), each well inside the
 * server's 64 KiB client-frame limit whatever the instrument count.
 */
export const MAX_RESUME_FRAME_BYTES = 32 * 1024;

/**
 * Most alert rules the settings keep and the engine evaluates. The evaluator's cost per tick
 * does not grow with rules on other instruments, so this bounds memory and the settings file,
 * not tick cost.
 */
export const MAX_ALERT_RULES = 10_000;

/** Longest alert rule note, chars: a reminder, not a document. */
export const MAX_ALERT_NOTE_CHARS = 500;

/**
 * Longest alert window (`move-*-pct`, `volume-above`, `odds-move-pct`), ms. A window holds
 * at most the ticks that arrived within it, so this bounds the evaluator's memory per window.
 */
export const MAX_ALERT_WINDOW_MS = 3_600_000;

/** Longest cooldown of an `every` rule and longest `disconnected-for`, ms (a day). */
export const MAX_ALERT_COOLDOWN_MS = 86_400_000;

/** Largest alert level, spread or volume magnitude. */
export const MAX_ALERT_LEVEL = 1e15;

/** Largest percentage an alert may ask for (a move of 1000 % is already a tenfold rise). */
export const MAX_ALERT_PCT = 1_000;

/** Longest alert rule id, chars. */
export const MAX_ALERT_ID_CHARS = 64;

/** Longest expiry an alert may be given, ms from now (a year). */
export const MAX_ALERT_EXPIRY_MS = 366 * 86_400_000;

/**
 * Most watchlist rows one interest declaration names (rows in view plus overscan). A 4K screen
 * at the watchlist's row height shows about 100; more would only make every batch heavier.
 */
export const MAX_INTEREST_ROWS = 256;

/** Most charted instruments one interest declaration names. */
export const MAX_INTEREST_CHARTED = 16;

/**
 * Most price levels per side in one `book` tick or snapshot `book` state. A feed's book is
 * kept to this depth whatever it sends, so a hostile peer cannot grow a client's book.
 */
export const MAX_BOOK_LEVELS = 1_000;

/** Longest tick `kind` an unknown tick may carry (unknown kinds are skipped, not refused). */
export const MAX_KIND_CHARS = 64;
