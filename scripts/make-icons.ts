/**
 * Generates every platform's icon from build/icon.svg: icon.png (1024 px), icons/<n>x<n>.png
 * for Linux, icon.ico (Windows) and icon.icns (macOS). Run with `npm run icons` after editing
 * the SVG and commit the results (CI and electron-builder use the committed files).
 */
import { Resvg } from '@resvg/resvg-js';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import png2icons from 'png2icons';

const BUILD_DIR = join(import.meta.dirname, '..', 'build');
/** Sizes electron-builder installs into the hicolor theme on Linux. */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Fingerprint of the SVG the committed icons were made from (build/icon.svg.sha256). */
export function svgFingerprint(svg: string): string {
  return `${createHash('sha256').update(svg).digest('hex')}\n`;
}

export function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

export async function makeIcons(buildDir = BUILD_DIR): Promise<string[]> {
  const svg = await readFile(join(buildDir, 'icon.svg'), 'utf8');
  const master = renderPng(svg, 1024);
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, true, true);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not convert build/icon.png');
  const outputs: [string, Buffer][] = [
    ['icon.png', master],
    ['icon.ico', ico],
    ['icon.icns', icns],
    ['icon.svg.sha256', Buffer.from(svgFingerprint(svg))],
    ...LINUX_ICON_SIZES.map((size): [string, Buffer] => [
      join('icons', `${size}x${size}.png`),
      renderPng(svg, size),
    ]),
  ];
  await mkdir(join(buildDir, 'icons'), { recursive: true });
  for (const [name, data] of outputs) await writeFile(join(buildDir, name), data);
  return outputs.map(([name]) => name);
}

if (process.argv[1] === import.meta.filename) {
  const written = await makeIcons();
  console.log(`Wrote ${written.length} files to build/: ${written.join(', ')}`);
}
