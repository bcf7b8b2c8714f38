import { describe, expect, it } from 'vitest';
import { readSettings } from './settings-read';
import { DEFAULT_SETTINGS } from './ipc';

describe('readSettings', () => {
  it('keeps valid fields, falls back to defaults for the rest and reports each problem', () => {
    const { settings, problems } = readSettings({ theme: 'light', batchHz: 'fast', colour: 'red' });
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^batchHz/);
    expect(problems[1]).toMatch(/unknown setting "colour"/);
  });

  it('uses the defaults for a file that is not an object', () => {
    expect(readSettings('oops')).toEqual({
      settings: DEFAULT_SETTINGS,
      problems: ['settings: expected a JSON object'],
    });
  });

  it('keeps every valid field of a settings file and names each field it drops', () => {
    const file = { ...DEFAULT_SETTINGS, theme: 'light', batchHz: 60, pinned: ['A'], focused: 'A' };
    const { settings, problems } = readSettings(file);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', batchHz: 60, pinned: ['A'] });
    expect(problems).toEqual(['focused: expected a list of at most 6 instrument ids']);
    expect(readSettings(null).problems).toEqual(['settings: expected a JSON object']);
    expect(readSettings({}).settings).toEqual(DEFAULT_SETTINGS);
  });
});
