import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { APP_ID, appIdOf } from './app-id';

describe('app id', () => {
  it("is electron-builder.yml's appId, as a YAML parser reads it", () => {
    const yaml = readFileSync(join(import.meta.dirname, '../..', 'electron-builder.yml'), 'utf8');
    expect(APP_ID).toBe((load(yaml) as { appId: string }).appId);
  });

  it('refuses a config without a top-level appId instead of guessing', () => {
    expect(() => appIdOf('linux:\n  appId: nested.not.top\n')).toThrow(/no top-level appId/);
  });
});
