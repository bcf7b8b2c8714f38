import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from './metrics';
import { SourceSession } from './source-session';
import { UNHEARD_HOOKS } from '../../test-support/engine-fixtures';
import { mergedParts } from './source-reads';
import { Sources } from './sources';
import { useSimulators } from '../../test-support/simulators';

const simulators = useSimulators({ seed: 5, rate: 50, heartbeatMs: 100 });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** Sources over real sessions, with the names each `removed` and the `changed` count. */
function makeSources() {
  const metrics = new Metrics();
  const removed: string[] = [];
  let changed = 0;
  const made = new Sources(
    {
      // The sessions' own reports are the engine's business, not the sources'.
      session: (name, endpoint) =>
        new SourceSession(name, { feedEndpoint: endpoint }, metrics, UNHEARD_HOOKS),
      changed: () => changed++,
      removed: (name) => removed.push(name),
    },
    null,
  );
  closers.push(async () => {
    await made.close();
    metrics.close();
  });
  return { sources: made, removed, changed: () => changed };
}

const parts = (s: Sources) => mergedParts(s.shown(), s.replay);
const prefixes = (s: Sources) => parts(s).map((part) => part.prefix);
const names = (sessions: readonly SourceSession[]) => sessions.map((s) => s.name);

describe('Sources', () => {
  it('shows a replay opened first alone and unprefixed, and records it', async () => {
    const sim = await simulators.start();
    const { sources } = makeSources();
    await sources.openReplay(sim.url, { kind: 'replay', label: 'morning' });
    expect(names(sources.shown())).toEqual(['replay']);
    expect(names(sources.recordable())).toEqual(['replay']);
    expect(prefixes(sources)).toEqual([null]);
    // Its ticks carry recorded times, whatever their ids.
    expect(sources.isReplayed('A')).toBe(true);
  });

  it('once a live source connects, moves the replay beside it as `replay:`, unrecorded', async () => {
    const sim = await simulators.start();
    const { sources } = makeSources();
    await sources.openReplay(sim.url, { kind: 'replay', label: 'morning' });
    await sources.connect(sim.url);
    const live = sources.names()[0]!;
    expect(names(sources.shown())).toEqual([live, 'replay']);
    expect(names(sources.recordable())).toEqual([live]);
    expect(prefixes(sources)).toEqual([null, 'replay']);
    expect(parts(sources).map((part) => part.ownHistory)).toEqual([false, true]);
    expect(sources.isReplayed('A')).toBe(false);
    expect(sources.isReplayed('replay:A')).toBe(true);

    await sources.closeReplay();
    expect(names(sources.shown())).toEqual([live]);
    expect(sources.isReplayed('replay:A')).toBe(false);
  });

  it('prefixes live ids only while there are several live sources', async () => {
    const sim = await simulators.start();
    const { sources } = makeSources();
    await sources.connect(sim.url);
    expect(prefixes(sources)).toEqual([null]);
    const second = await sources.add(sim.url, null, 'desk');
    expect(second).toBe('desk');
    expect(prefixes(sources)).toEqual([sources.names()[0], 'desk']);
    await sources.remove('desk');
    expect(prefixes(sources)).toEqual([null]);
  });

  it('gives a source the name asked for only when it is valid, free and not `replay`', async () => {
    const sim = await simulators.start();
    const { sources } = makeSources();
    await sources.connect(sim.url, undefined, 'desk');
    const kind = await sources.add(sim.url);
    expect(sources.names()).toEqual(['desk', kind]);
    for (const asked of ['desk', 'replay', 'Not Valid'])
      expect(await sources.add(sim.url, null, asked)).not.toBe(asked);
    expect(new Set(sources.names()).size).toBe(sources.names().length);
  });

  it('connect drops the other live sources and says each has left, the renamed one too', async () => {
    const sim = await simulators.start();
    const { sources, removed } = makeSources();
    await sources.connect(sim.url, undefined, 'first');
    await sources.add(sim.url, null, 'second');
    await sources.add(sim.url, null, 'third');
    await sources.connect(sim.url, undefined, 'only');
    expect(sources.names()).toEqual(['only']);
    expect(removed).toEqual(['sim', 'second', 'third', 'first']);
  });

  it('refuses to remove the replay, an unknown source or the only one, naming the problem', async () => {
    const sim = await simulators.start();
    const { sources, removed } = makeSources();
    await sources.connect(sim.url, undefined, 'desk');
    await sources.openReplay(sim.url, { kind: 'replay', label: 'morning' });
    await expect(sources.remove('replay')).rejects.toThrow(
      '"replay" is the open replay; close the replay instead',
    );
    await expect(sources.remove('nope')).rejects.toThrow('no source named "nope"');
    await expect(sources.remove('desk')).rejects.toThrow(
      '"desk" is the only source; connect another feed instead',
    );
    expect(sources.names()).toEqual(['desk']);
    expect(removed).toEqual(['sim']);
  });

  it('drops a source whose feed is refused, and says it has left', async () => {
    const { sources, removed, changed } = makeSources();
    const before = changed();
    await expect(sources.add('nonsense://feed')).rejects.toThrow();
    expect(sources.names()).toEqual(['sim']);
    expect(removed).toHaveLength(1);
    expect(changed()).toBeGreaterThan(before);
  });
});
