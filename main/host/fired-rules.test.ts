import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import { DEFAULT_SETTINGS, type Notice } from '../../protocol/ipc';
import { ruleLine } from '../../test-support/alert-rules';
import {
  FIRED_RETRY_FIRST_MS,
  FIRED_RETRY_MAX_MS,
  FiredRuleSaver,
  withFiredState,
  withFiredStates,
} from './fired-rules';
import { openSettingsStore } from './settings-store';

const once = ruleLine('ACME above 1', 'once');
const event = (rule: AlertRule, firedAt: number, replayPosition: number | null = null) =>
  ({
    id: 1,
    rule,
    text: `${rule.instrument} ${rule.id}`,
    tick: null,
    firedAt,
    replayPosition,
  }) as AlertEvent;

/**
 * A saver over an in-memory store holding `alerts`, counting its writes; each write fails, as
 * on a read-only file, while `failing` says so.
 */
async function saverOver(alerts: AlertRule[]) {
  const store = await openSettingsStore(null, {}, { ...DEFAULT_SETTINGS, alerts });
  let writes = 0;
  const control = { failing: false };
  const updateWith = store.updateWith;
  store.updateWith = (change) => {
    writes++;
    return control.failing
      ? updateWith((s) => (change(s), {})).then(() => {
          throw new Error('s.json is read-only');
        })
      : updateWith(change);
  };
  let saved = 0;
  const notices: Notice[] = [];
  const saver = new FiredRuleSaver(
    store,
    () => saved++,
    (n) => notices.push(n),
  );
  const settled = () => new Promise((r) => setTimeout(r, 10));
  return { store, saver, writes: () => writes, saved: () => saved, notices, control, settled };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('FiredRuleSaver', () => {
  it('writes each live fire of a saved once rule, a burst in one write', async () => {
    const other = ruleLine('BOLT below 1', 'other');
    const { store, saver, writes, saved, settled } = await saverOver([once, other]);
    saver.fired(event(once, 10));
    saver.fired(event(other, 11));
    await settled();
    expect(store.current().alerts).toEqual([
      { ...once, firedAt: 10 },
      { ...other, firedAt: 11 },
    ]);
    expect([writes(), saved()]).toEqual([1, 1]);
  });

  it('writes nothing for an every rule, a run rule, or a replayed fire', async () => {
    const every = ruleLine('ACME above 1 every 1s', 'every');
    const { store, saver, writes, settled } = await saverOver([once, every]);
    saver.fired(event(every, 10));
    saver.fired(event(ruleLine('ACME above 1', 'cli-1'), 10));
    saver.fired(event(once, 10, 5_000));
    await settled();
    expect(writes()).toBe(0);
    expect(store.current().alerts).toEqual([once, every]);
  });

  it('leaves a rule an edit re-armed between its fire and the write', async () => {
    const { store, saver, settled } = await saverOver([once]);
    const edited = ruleLine('ACME above 2', 'once');
    void store.updateWith(() => ({ alerts: [edited] }));
    saver.fired(event(once, 10));
    await settled();
    expect(store.current().alerts).toEqual([edited]);
  });
});

describe('FiredRuleSaver on a settings file it cannot write (bug 137)', () => {
  it('tries again, waiting twice as long each time up to a minute, with one notice until saved', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const other = ruleLine('BOLT below 1', 'other');
    const { store, saver, writes, saved, notices, control } = await saverOver([once, other]);
    control.failing = true;
    saver.fired(event(once, 10));
    await vi.advanceTimersByTimeAsync(0);
    expect(writes()).toBe(1);
    expect(notices).toEqual([
      {
        level: 'error',
        message:
          'Alert rule "ACME once" fired but could not be saved as fired (s.json is read-only): until saved, a restart arms it and it fires again, as does any once rule that fires before then. Trying again, at least once a minute.',
      },
    ]);
    // A fire while the try waits joins it; no second notice.
    saver.fired(event(other, 11));
    const tries: number[] = [];
    let at = 0;
    for (let t = 0; t < 400_000; t += 500) {
      await vi.advanceTimersByTimeAsync(500);
      at += 500;
      if (writes() > tries.length + 1) tries.push(at);
    }
    const waits = tries.map((t, i) => t - (tries[i - 1] ?? 0));
    expect(waits.slice(0, 7)).toEqual(
      [1, 2, 4, 8, 16, 32, 60].map((s) => s * FIRED_RETRY_FIRST_MS),
    );
    expect(Math.max(...waits)).toBe(FIRED_RETRY_MAX_MS);
    expect(notices).toHaveLength(1);
    expect(store.current().alerts).toEqual([once, other]);

    control.failing = false;
    await vi.advanceTimersByTimeAsync(FIRED_RETRY_MAX_MS);
    expect(store.current().alerts).toEqual([
      { ...once, firedAt: 10 },
      { ...other, firedAt: 11 },
    ]);
    expect(notices.at(-1)).toEqual({
      level: 'info',
      message: 'The 2 fired alert rules are saved as fired now.',
    });
    expect(saved()).toBe(1);
    const done = writes();
    await vi.advanceTimersByTimeAsync(5 * FIRED_RETRY_MAX_MS);
    expect(writes()).toBe(done);
  });

  it('saves nothing for a rule forgotten (re-armed) while it waits, and stops at close', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, saver, writes, control } = await saverOver([once]);
    control.failing = true;
    saver.fired(event(once, 10));
    await vi.advanceTimersByTimeAsync(0);
    control.failing = false;
    saver.forget('once');
    await vi.advanceTimersByTimeAsync(FIRED_RETRY_MAX_MS);
    expect(store.current().alerts).toEqual([once]);
    expect(writes()).toBe(1);

    control.failing = true;
    saver.fired(event(once, 20));
    await vi.advanceTimersByTimeAsync(0);
    saver.close();
    await vi.advanceTimersByTimeAsync(5 * FIRED_RETRY_MAX_MS);
    expect(writes()).toBe(2);
  });
});

describe('withFiredState', () => {
  const fired = { ...once, firedAt: 10 };
  it('keeps the fired time through a note, expiry or disabling edit, whatever the page sent', () => {
    expect(withFiredState({ ...once, note: 'n' }, fired)).toEqual({ ...fired, note: 'n' });
    expect(withFiredState({ ...once, enabled: false, firedAt: 3 }, fired)).toEqual({
      ...fired,
      enabled: false,
    });
  });

  it('drops it when the edit re-arms the rule or adds a new one', () => {
    expect(
      withFiredState({ ...fired, condition: { ...once.condition, level: 2 } } as AlertRule, fired),
    ).not.toHaveProperty('firedAt');
    expect(withFiredState(fired, { ...fired, enabled: false })).toEqual(once);
    expect(withFiredState(fired, undefined)).toEqual(once);
  });
});

describe('withFiredStates (a workspace switched to, bug 136)', () => {
  const fired = { ...once, firedAt: 10 };
  const other = ruleLine('BOLT below 1', 'other');

  it("carries the fired time of the same rule the list had, onto the workspace's armed copy", () => {
    expect(withFiredStates([once, other], [fired])).toEqual([fired, other]);
    expect(withFiredStates([{ ...once, note: 'n' }], [fired])).toEqual([{ ...fired, note: 'n' }]);
  });

  it('arms it when the workspace re-arms it, or the run holds it armed', () => {
    const moved = { ...once, condition: { ...once.condition, level: 2 } } as AlertRule;
    expect(withFiredStates([moved], [fired])).toEqual([moved]);
    expect(withFiredStates([once], [{ ...fired, enabled: false }])).toEqual([once]);
    // Saved in the workspace as fired, re-armed since: the engine holds it armed.
    expect(withFiredStates([fired], [once])).toEqual([once]);
  });

  it('keeps the fired state a rule new to the list was saved with (the engine starts it fired)', () => {
    expect(withFiredStates([fired], [other])).toEqual([fired]);
  });
});
