import { afterEach, describe, expect, it } from 'vitest';
import { readAmount, readSetting } from './report';

const NAME = 'TICKDECK_REPORT_TEST_SETTING';

describe('bench settings from the environment', () => {
  afterEach(() => {
    delete process.env[NAME];
  });

  it('reads whole numbers within their bound and names a bad one', () => {
    expect(readSetting(NAME, 7, 10)).toBe(7);
    process.env[NAME] = '10';
    expect(readSetting(NAME, 7, 10)).toBe(10);
    for (const bad of ['0.5', '11', '0', 'x']) {
      process.env[NAME] = bad;
      expect(() => readSetting(NAME, 7, 10), bad).toThrow(
        `${NAME}: expected a whole number from 1 to 10, got "${bad}"`,
      );
    }
  });

  it('reads a size that may be a fraction, above 0 and within its bound', () => {
    expect(readAmount(NAME, 0.5, 100)).toBe(0.5);
    process.env[NAME] = '0.25';
    expect(readAmount(NAME, 0.5, 100)).toBe(0.25);
    for (const bad of ['0', '-1', '101', 'Infinity', 'NaN', 'x']) {
      process.env[NAME] = bad;
      expect(() => readAmount(NAME, 0.5, 100), bad).toThrow(
        `${NAME}: expected a number above 0 and at most 100, got "${bad}"`,
      );
    }
  });
});
