import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIMULATOR_OPTIONS,
  SimulatorOptionError,
  resolveSimulatorOptions,
} from './simulator-options';

describe('simulator options', () => {
  it('fills in every default, an undefined field included', () => {
    expect(resolveSimulatorOptions({ seed: undefined, port: 0 })).toEqual({
      ...DEFAULT_SIMULATOR_OPTIONS,
      port: 0,
    });
  });

  it('names the first bad option and what it expected', () => {
    const err = (() => {
      try {
        resolveSimulatorOptions({ bookLevels: 1_001 });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SimulatorOptionError);
    expect(err).toMatchObject({
      option: 'bookLevels',
      detail: 'expected an integer from 0 to 1000, got 1001',
    });
  });

  it('refuses a world with neither instruments nor matches', () => {
    expect(() => resolveSimulatorOptions({ instruments: 0, matches: 0 })).toThrow(
      'Invalid simulator option instruments: expected at least one instrument or match, got 0',
    );
  });
});
