import { describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../../protocol/alerts';
import { DEFAULT_SETTINGS } from '../../protocol/ipc';
import { ruleLine } from '../../test-support/alert-rules';
import { FiredRuleSaver, withFiredState } from './fired-rules';
import { openSettingsStore } from './settings-store';

const once = ruleLine('ACME above 1', 'once');
const event = (rule: AlertRule, firedAt: number, replayPosition: number | null = null) =>
  ({ id: 1, rule, text: '', tick: null, firedAt, replayPosition }) as AlertEvent;

/** A saver over an in-memory store holding `alerts`, counting its writes. */
async function saverOver(alerts: AlertRule[]) {
  const store = await openSettingsStore(null, {}, { ...DEFAULT_SETTINGS, alerts });
  let writes = 0;
  const updateWith = store.updateWith;
  store.updateWith = (change) => (writes++, updateWith(change));
  let saved = 0;
  const errors: string[] = [];
  const saver = new FiredRuleSaver(
    store,
    () => saved++,
    (m) => errors.push(m),
  );
  const settled = () => new Promise((r) => setTimeout(r, 10));
  return { store, saver, writes: () => writes, saved: () => saved, errors, settled };
}

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
