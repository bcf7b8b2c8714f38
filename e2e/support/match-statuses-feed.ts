/**
 * A Tickdeck-protocol feed of five matches, one in each phase a sports feed reports when play
 * does not go as planned, beside one in play: live, suspended, postponed, abandoned and
 * cancelled. Snapshots only, then heartbeats: each card stays in its phase.
 */
import type { WebSocket } from 'ws';
import type { MatchStatus } from '../../protocol/feed';
import { startLoopbackFeed, type LoopbackFeed } from './loopback-feed';

/** Each match's id is its phase. */
export const MATCH_PHASES: readonly MatchStatus[] = [
  'live',
  'suspended',
  'postponed',
  'abandoned',
  'cancelled',
];
const HEARTBEAT_MS = 1_000;

const INSTRUMENTS = MATCH_PHASES.map((status, i) => ({
  id: status,
  kind: 'sports',
  name: `Home ${i} v Away ${i}`,
  home: `Home ${i}`,
  away: `Away ${i}`,
  competition: 'Phases League',
  startTime: Date.now() + 3_600_000,
}));

export function startMatchStatusesFeed(): Promise<LoopbackFeed> {
  return startLoopbackFeed(serve);
}

function serve(socket: WebSocket): void {
  const send = (msg: object) => socket.send(JSON.stringify(msg));
  send({
    op: 'hello',
    protocol: 1,
    heartbeatMs: HEARTBEAT_MS,
    server: 'phases',
    instruments: INSTRUMENTS,
  });
  const timer = setInterval(() => send({ op: 'heartbeat', ts: Date.now() }), HEARTBEAT_MS / 2);
  socket.on('close', () => clearInterval(timer));
  socket.on('message', (data) => {
    const req = JSON.parse(String(data)) as { op: string; id: number };
    send({ op: 'status', id: req.id, ok: true });
    if (req.op !== 'subscribe') return;
    for (const status of MATCH_PHASES) {
      const played = status === 'live' || status === 'suspended' || status === 'abandoned';
      const state = {
        kind: 'sports',
        status,
        home: played ? 2 : 0,
        away: played ? 1 : 0,
        clockMs: played ? 3_900_000 : 0,
        running: status === 'live',
        odds: { home: 1.5, draw: 4.2, away: 6.8 },
        incidents: [],
        ts: Date.now(),
      };
      send({ op: 'snapshot', instrument: status, seq: 1, state });
    }
  });
}
