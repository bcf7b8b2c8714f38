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
    expect(restoreBounds(saved, [laptop, rightMonitor], laptop)).toEqual(saved);
  });

  it('centres a default-sized window when the saved display is gone', () => {
    const saved = { x: 2000, y: 100, width: 1600, height: 1000, maximized: false };
    expect(restoreBounds(saved, [laptop], laptop)).toEqual({
      x: 240,
      y: 90,
      width: 1440,
      height: 900,
      maximized: false,
    });
  });

  it('shrinks a window larger than its display and pulls it fully onto it', () => {
    const saved = { x: 1800, y: -40, width: 3000, height: 2000, maximized: false };
    expect(restoreBounds(saved, [rightMonitor, laptop], laptop)).toEqual({
      x: 1920,
      y: 0,
      width: 2560,
      height: 1440,
      maximized: false,
    });
  });

  it('treats a window whose title bar is only a sliver on screen as lost', () => {
    const saved = { x: 1900, y: 100, width: 1000, height: 700, maximized: false };
    expect(restoreBounds(saved, [laptop], laptop).x).toBe(240);
  });

  it('falls back to the primary display, not the first listed, and fits fully on it', () => {
    // A macOS primary below the menu bar, listed after a monitor that is not primary.
    const primary = { x: 1920, y: 25, width: 1280, height: 775 };
    const lost = { x: -3000, y: 100, width: 1600, height: 1000, maximized: true };
    for (const saved of [lost, null]) {
      const bounds = restoreBounds(saved, [laptop, primary], primary);
      expect(bounds).toEqual({
        x: 1920,
        y: 25,
        width: 1280,
        height: 775,
        maximized: saved?.maximized ?? false,
      });
    }
    const roomy = { x: 0, y: 0, width: 2560, height: 1440 };
    const centred = restoreBounds(null, [laptop, roomy], roomy);
    expect(centred).toMatchObject({ x: 560, y: 270, width: 1440, height: 900 });
  });

  it('opens centred on the primary display on first launch', () => {
    const small = { x: 0, y: 0, width: 1280, height: 720 };
    expect(restoreBounds(null, [small], small)).toEqual({
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
