import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../protocol/health';
import type { ReplayInfo } from '../../protocol/feed';
import { EngineStatus, NO_RECORDING, engineHealth, type EngineFigures } from './engine-health';
import { Metrics } from './metrics';
import { SourceSession } from './source-session';
import { UNHEARD_HOOKS } from '../../test-support/engine-fixtures';

const metrics = new Metrics();
afterAll(() => metrics.close());

const LIVE: ConnectionState = { state: 'live' };
const FAILED: ConnectionState = { state: 'failed', reason: 'refused' };
const STALLED: ConnectionState = { state: 'stalled', silentMs: 3_000 };
const RECONNECTING: ConnectionState = {
  state: 'reconnecting',
  attempt: 2,
  nextRetryAt: 0,
  reason: 'closed',
};

/** A session that never connects: the health reads its fields, set here as its feed would. */
function session(name: string, connection: ConnectionState, reconnects = 0): SourceSession {
  const s = new SourceSession(name, { feedEndpoint: null }, metrics, UNHEARD_HOOKS);
  s.connection = connection;
  s.source = { kind: 'embedded', label: `${name} feed` };
  s.reconnects = reconnects;
  return s;
}

const FIGURES: EngineFigures = {
  metrics: {
    ticksPerSec: 40,
    batchesPerSec: 60,
    latencyP50Ms: 2,
    latencyP99Ms: 9,
    eventLoopLagP99Ms: 1,
  },
  recording: NO_RECORDING,
  replayView: null,
};

const NOW = 1_800_000_000_000;

describe('engineHealth', () => {
  it('speaks for the one source shown, with the engine’s own figures, and no chips', () => {
    const only = session('sim', LIVE, 2);
    const health = engineHealth([only], null, FIGURES, NOW);
    expect(health.connection).toEqual({ state: 'live' });
    expect(health.source).toEqual({ kind: 'embedded', label: 'sim feed' });
    expect(health.reconnects).toBe(2);
    expect(health.ticksPerSec).toBe(40);
    expect(health.latencyP99Ms).toBe(9);
    expect(health.recording).toBe(NO_RECORDING);
    expect(health.replay).toBeNull();
    expect(health.sources).toBeUndefined();
  });

  it('gives each shown source a chip; the badge is the worst live one, never the replay', () => {
    const a = session('a', LIVE, 1);
    const b = session('b', RECONNECTING, 3);
    const replay = session('replay', FAILED);
    const health = engineHealth([a, b, replay], replay, FIGURES, NOW);
    expect(health.sources?.map((s) => [s.name, s.connection.state])).toEqual([
      ['a', 'live'],
      ['b', 'reconnecting'],
      ['replay', 'failed'],
    ]);
    expect(health.connection.state).toBe('reconnecting');
    expect(health.source.label).toBe('a + b');
    expect(health.reconnects).toBe(4);
  });

  it('with one live source beside a replay, the badge is that source’s own', () => {
    const live = session('sim', STALLED);
    const replay = session('replay', FAILED);
    const health = engineHealth([live, replay], replay, FIGURES, NOW);
    expect(health.connection.state).toBe('stalled');
    expect(health.source.label).toBe('sim feed');
    expect(health.sources).toHaveLength(2);
  });

  it('shows the replay’s position, its label as path, and the controller’s view over them', () => {
    const replay = session('replay', LIVE);
    replay.source = { kind: 'replay', label: '/rec/morning' };
    const state: ReplayInfo = {
      start: NOW - 60_000,
      end: NOW,
      position: NOW - 30_000,
      playing: true,
      speed: 2,
      loop: false,
    };
    replay.ingest.fold({ op: 'replay', state }, NOW);
    const bare = engineHealth([replay], replay, FIGURES, NOW).replay;
    expect(bare).toMatchObject({ ...state, path: '/rec/morning', rangeFrom: state.start });
    expect(bare?.rangeTo).toBe(state.end);
    const view = { path: '/rec', rangeFrom: NOW - 50_000, rangeTo: NOW - 10_000, loop: true };
    const viewed = engineHealth([replay], replay, { ...FIGURES, replayView: view }, NOW).replay;
    expect(viewed).toMatchObject({ ...view, position: state.position, speed: 2 });
  });
});

describe('EngineStatus', () => {
  it('adds the recording and the replay view to the health, and rises with every change', () => {
    const status = new EngineStatus();
    const shown = [session('sim', LIVE)];
    const versions = [status.versionWith(shown)];
    const recording = { ...NO_RECORDING, active: true, dir: '/tmp/rec', startedAt: NOW };
    status.setRecording(recording);
    versions.push(status.versionWith(shown));
    status.setReplayView({ path: 'run.jsonl', rangeFrom: 0, rangeTo: 1_000, loop: false });
    versions.push(status.versionWith(shown));
    status.sourcesChanged();
    versions.push(status.versionWith(shown));
    shown[0]!.ingest.healthVersion++;
    versions.push(status.versionWith(shown));
    expect(new Set(versions).size).toBe(versions.length);
    expect(status.health(shown, null, FIGURES.metrics, NOW).recording).toEqual(recording);
  });
});
