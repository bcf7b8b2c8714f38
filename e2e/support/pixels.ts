/**
 * What a screenshot shows, pixel by pixel: the page decodes the PNG itself (createImageBitmap
 * on its bytes, which the dashboard's Content-Security-Policy allows, as it would not a data:
 * URL), so a spec can check that something is drawn where a user would look.
 */
import type { Page } from 'playwright-core';

/** A box in the page's CSS pixels, as `boundingBox()` gives it. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Of each pixel row of `box` on screen, top to bottom, the share (0 to 1) of its pixels within
 * `tolerance` of `color` on every channel (`color` as CSS computes it, `rgb(r, g, b)`).
 */
export async function shareOfColourByRow(
  page: Page,
  box: Box,
  color: string,
  tolerance = 48,
): Promise<number[]> {
  const png = await page.screenshot({ clip: box, scale: 'css' });
  return page.evaluate(
    async ({ bytes, color, tolerance }) => {
      const want = color.match(/\d+/g)!.slice(0, 3).map(Number);
      const bitmap = await createImageBitmap(
        new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
      );
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
      const shares: number[] = [];
      for (let y = 0; y < height; y++) {
        let near = 0;
        for (let x = 0; x < width; x++) {
          const at = (y * width + x) * 4;
          if (want.every((v, c) => Math.abs(data[at + c]! - v) <= tolerance)) near++;
        }
        shares.push(near / width);
      }
      return shares;
    },
    { bytes: [...png], color, tolerance },
  );
}
