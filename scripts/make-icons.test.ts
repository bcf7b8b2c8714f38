import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINUX_ICON_SIZES, makeIcons, svgFingerprint } from './make-icons';

const BUILD_DIR = join(import.meta.dirname, '..', 'build');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('make-icons', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tickdeck-icons-'));
    await copyFile(join(BUILD_DIR, 'icon.svg'), join(dir, 'icon.svg'));
    await makeIcons(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('renders every Linux size and the 1024 px master from the SVG', async () => {
    expect(pngSize(await readFile(join(dir, 'icon.png')))).toEqual([1024, 1024]);
    for (const size of LINUX_ICON_SIZES) {
      const png = await readFile(join(dir, 'icons', `${size}x${size}.png`));
      expect(pngSize(png)).toEqual([size, size]);
    }
  });

  it('writes a Windows .ico and a macOS .icns', async () => {
    const ico = await readFile(join(dir, 'icon.ico'));
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // several sizes, up to 256 px
    const icns = await readFile(join(dir, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
  });

  it('was run after the last edit of icon.svg (run `npm run icons` and commit)', async () => {
    // A fingerprint rather than the images: rasterisers may differ by a bit across platforms.
    const svg = await readFile(join(BUILD_DIR, 'icon.svg'), 'utf8');
    expect(await readFile(join(BUILD_DIR, 'icon.svg.sha256'), 'utf8')).toBe(svgFingerprint(svg));
  });
});
