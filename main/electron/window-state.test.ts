import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SavedMainWindow } from '../../protocol/saved-windows';
import { MIN_WINDOW_SIZE, migrateWindowState, placeMainWindow } from './window-state';

const laptop = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
const rightMonitor = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1440 } };

describe('placeMainWindow', () => {
  it('keeps a saved place on a display still connected, maximized as it was', () => {
    const saved = {
      bounds: { x: 2000, y: 100, width: 1600, height: 1000 },
      displayId: 2,
      maximized: true,
    };
    expect(placeMainWindow(saved, [laptop, rightMonitor], 1)).toEqual({
      ...saved,
      minSize: MIN_WINDOW_SIZE,
    });
  });

  it('reopens on the primary display, wholly visible, when its display is gone', () => {
    const saved = {
      bounds: { x: 2000, y: 100, width: 1600, height: 1000 },
      displayId: 2,
      maximized: false,
    };
    expect(placeMainWindow(saved, [laptop], 1)).toEqual({
      bounds: { x: 160, y: 40, width: 1600, height: 1000 },
      displayId: 1,
      maximized: false,
      minSize: MIN_WINDOW_SIZE,
    });
  });

  it('shrinks a window larger than its display and pulls it wholly onto it', () => {
    const saved = {
      bounds: { x: 1800, y: -40, width: 3000, height: 2000 },
      displayId: 2,
      maximized: false,
    };
    expect(placeMainWindow(saved, [rightMonitor, laptop], 1).bounds).toEqual(rightMonitor.workArea);
  });

  it('opens a default size centred on the primary display (not the first listed) at first', () => {
    const roomy = { id: 7, workArea: { x: 1920, y: 25, width: 2560, height: 1415 } };
    expect(placeMainWindow(null, [laptop, roomy], 7)).toEqual({
      bounds: { x: 1920 + 560, y: 25 + 257, width: 1440, height: 900 },
      displayId: 7,
      maximized: false,
      minSize: MIN_WINDOW_SIZE,
    });
  });

  it('grows a saved size under the least one before fitting it, so the window stays wholly visible', () => {
    // A settings file may hold 100 × 100 (the pop-outs' least size); Electron would open the
    // main window at its least size at the saved corner, 700 px past the display's right edge.
    const saved = { bounds: { x: 1820, y: 980, width: 100, height: 100 }, displayId: 1 };
    expect(placeMainWindow({ ...saved, maximized: false }, [laptop], 1)).toEqual({
      bounds: { x: 1920 - 800, y: 1080 - 520, width: 800, height: 520 },
      displayId: 1,
      maximized: false,
      minSize: MIN_WINDOW_SIZE,
    });
  });

  it('asks no larger least size than a display smaller than it (1920 × 1080 at scale factor 3)', () => {
    const scaled = { id: 3, workArea: { x: 0, y: 0, width: 640, height: 336 } };
    const saved = { bounds: { x: 0, y: 0, width: 1440, height: 900 }, displayId: 3 };
    expect(placeMainWindow({ ...saved, maximized: true }, [scaled], 3)).toEqual({
      bounds: scaled.workArea,
      displayId: 3,
      maximized: true,
      minSize: { width: 640, height: 336 },
    });
  });
});

describe('migrateWindowState', () => {
  let dir = '';
  let path = '';
  const saved: SavedMainWindow[] = [];
  const save = vi.fn(async (w: SavedMainWindow) => void saved.push(w));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickdeck-ws-'));
    path = join(dir, 'window-state.json');
    saved.length = 0;
    save.mockClear();
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("moves an older version's window-state.json into the settings, once", async () => {
    await writeFile(path, JSON.stringify({ x: 5, y: 6, width: 900, height: 600, maximized: true }));
    const moved = await migrateWindowState(path, () => 2, save);
    const expected = {
      bounds: { x: 5, y: 6, width: 900, height: 600 },
      displayId: 2,
      maximized: true,
    };
    expect(moved).toEqual(expected);
    expect(saved).toEqual([expected]);
    // Gone once saved: the next start finds nothing to move.
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
    expect(await migrateWindowState(path, () => 2, save)).toBeNull();
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('leaves a malformed or out-of-bounds file where it is and moves nothing', async () => {
    for (const text of [
      '{"x": "left"}',
      'not json',
      JSON.stringify({ x: 0, y: 0, width: 1e9, height: 600, maximized: false }),
    ]) {
      await writeFile(path, text);
      expect(await migrateWindowState(path, () => 1, save)).toBeNull();
      expect(await readFile(path, 'utf8')).toBe(text);
    }
    expect(save).not.toHaveBeenCalled();
  });

  it('keeps the file when the settings could not be written', async () => {
    const text = JSON.stringify({ x: 5, y: 6, width: 900, height: 600, maximized: false });
    await writeFile(path, text);
    const failing = async () => {
      throw new Error('disk full');
    };
    await expect(migrateWindowState(path, () => 1, failing)).rejects.toThrow('disk full');
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
