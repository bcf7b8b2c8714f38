/**
 * Hostile settings files: random bytes, random JSON, valid files with fields broken or cut
 * short. Whatever is on disk, the app starts (the store opens), runs with settings that pass
 * validation, keeps every valid field, names every bad one, and never destroys the user's file.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_CHANNELS, validateCommandArgs } from '../../protocol/commands';
import { checkSettingsPatch } from '../../protocol/settings-check';
import { DEFAULT_SETTINGS, type Settings } from '../../protocol/ipc';
import { isObj } from '../../protocol/plain-object';
import { openSettingsStore } from './settings-store';

const RUNS = 150;
let root: string;
let n = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tickdeck-settings-fuzz-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fresh folder holding `settings.json` with exactly these bytes. */
async function settingsFile(bytes: Uint8Array | string): Promise<{ dir: string; file: string }> {
  const dir = join(root, String(n++));
  await mkdir(dir);
  const file = join(dir, 'settings.json');
  await writeFile(file, bytes);
  return { dir, file };
}

function expectUsable(settings: Settings): void {
  expect(Object.keys(settings).sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  expect(checkSettingsPatch(settings)).toMatchObject({ ok: true });
}

/**
 * Whether the loader must name `key` in a file holding `value`: what a patch of it refuses,
 * except that a file's `panels` is read field by field, a missing field taking its default
 * (bug 115), so an object of `panels` is judged with the missing fields filled in.
 */
function isBad(key: string, value: unknown): boolean {
  const whole = key === 'panels' && isObj(value) ? { ...DEFAULT_SETTINGS.panels, ...value } : value;
  return !checkSettingsPatch({ [key]: whole }).ok;
}

const validField = fc.oneof(
  fc.record({ theme: fc.constantFrom('dark', 'light') }),
  fc.record({ batchHz: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ chartWindowMin: fc.constantFrom(1, 5, 15) }),
  fc.record({ feed: fc.constantFrom(null, 'ws://127.0.0.1:8787', 'kraken:BTC/USD') }),
  fc.record({ focused: fc.array(fc.string({ minLength: 1, maxLength: 8 }), { maxLength: 4 }) }),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const settingKey = fc.oneof(
  fc.constantFrom(...Object.keys(DEFAULT_SETTINGS), '__proto__', 'constructor'),
  fc.string({ maxLength: 10 }),
);

describe('settings loader under hostile files', () => {
  it('opens on random bytes: defaults, a notice, and the file kept byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const { dir, file } = await settingsFile(bytes);
        const store = await openSettingsStore(file);
        expectUsable(store.current());
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch {
          // Unreadable: set aside with the exact bytes, and the user told where.
          expect(store.current()).toEqual(DEFAULT_SETTINGS);
          expect(store.notices[0]?.message).toMatch(/could not be read/);
          const aside = (await readdir(dir)).find((f) => f.includes('.corrupt-'));
          expect(Buffer.compare(await readFile(join(dir, aside!)), Buffer.from(bytes))).toBe(0);
          return;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          expect(store.notices).toHaveLength(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every valid field of a mixed file and names every bad one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(validField, { maxLength: 4 }),
        fc.dictionary(settingKey, anyJson, { maxKeys: 4 }),
        async (goods, junk) => {
          const good = Object.assign({}, ...goods) as Record<string, unknown>;
          const content: Record<string, unknown> = { ...junk, ...good };
          const { file } = await settingsFile(JSON.stringify(content));
          const store = await openSettingsStore(file);
          const current = store.current();
          expectUsable(current);
          for (const [key, value] of Object.entries(good))
            expect(current[key as keyof Settings]).toEqual(value);
          const bad = Object.entries(content).filter(([key, value]) => isBad(key, value));
          const notice = store.notices.map((x) => x.message).join('\n');
          for (const [key] of bad) expect(notice).toContain(key);
          if (bad.length === 0) expect(store.notices).toEqual([]);
          expect(Object.prototype).not.toHaveProperty('polluted');
        },
      ),
      // `panels: {}` opened silently, every panel at its default, where a patch refuses it.
      { numRuns: RUNS, examples: [[[], { panels: {} }]] },
    );
  });

  it('a valid file cut short at any byte still opens (defaults, original kept)', async () => {
    const full = JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'light', batchHz: 60 }, null, 2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 1 }), async (at) => {
        const { file } = await settingsFile(full.slice(0, at));
        const store = await openSettingsStore(file);
        expect(store.current()).toEqual(DEFAULT_SETTINGS);
        expect(store.notices).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a hostile update with a named field and leaves the saved file valid', async () => {
    const { file } = await settingsFile(JSON.stringify({ theme: 'light' }));
    const store = await openSettingsStore(file);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(settingKey, anyJson, { maxKeys: 3 }), async (patch) => {
        const ok = checkSettingsPatch(patch).ok;
        const outcome = await store.update(patch).then(
          () => 'saved',
          (err: Error) => err.message,
        );
        if (ok) expect(outcome).toBe('saved');
        else
          expect(outcome).toMatch(
            /^(settings: expected an object|unknown setting|\w+(\[\d+\])?(\.\w+)*: )/,
          );
        expectUsable(store.current());
        const reopened = await openSettingsStore(file);
        expect(reopened.notices).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('validates any arguments for every command channel without throwing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_CHANNELS),
        fc.array(fc.oneof(anyJson, fc.constant(undefined)), { maxLength: 3 }),
        (channel, args) => {
          const checked = validateCommandArgs(channel, args);
          if (!checked.ok) expect(checked.error.startsWith(`${channel}: `)).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
