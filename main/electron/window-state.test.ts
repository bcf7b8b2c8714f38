import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWindowState, restoreBounds, saveWindowState } from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('restoreBounds', () => {
  it('keeps saved bounds that are on a connected display', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: true };
    expect(restoreBounds(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('centres a default-sized window when the saved display is gone', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({
      x: 240,
      y: 90,
      width: 1440,
      height: 900,
      maximized: false,
    });
  });

  it('shrinks a window larger than its display and pulls it fully onto it', () => {
    const saved = { x: 1800, y: -40, width: 3000, height: 2000, maximized: false };
    expect(restoreBounds(saved, [rightMonitor, laptop])).toEqual({
      x: 1920,
      y: 0,
      width: 2560,
      height: 1440,
      maximized: false,
    });
  });

  it('treats a window whose title bar is only a sliver on screen as lost', () => {
    const saved = { x: 1900, y: 100, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, [laptop]).x).toBe(240);
  });

  it('opens centred on the first display on first launch', () => {
    expect(restoreBounds(null, [{ x: 0, y: 0, width: 1280, height: 720 }])).toEqual({
      x: 0,
      y: 0,
      width: 1280,
      height: 720,
      maximized: false,
    });
  });
});

describe('window state file', () => {
  let dir = '';
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('round-trips and ignores a malformed file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickdeck-ws-'));
    const path = join(dir, 'window-state.json');
    expect(await loadWindowState(path)).toBeNull();
    const state = { x: 5, y: 6, width: 900, height: 600, maximized: true };
    await saveWindowState(path, state);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(state);
    expect(await loadWindowState(path)).toEqual(state);
    await writeFile(path, '{"x": "left"}');
    expect(await loadWindowState(path)).toBeNull();
  });
});
