// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BitmapCanvas } from './bitmap-canvas';

/** jsdom has no canvas: an off-screen canvas whose bitmaps are numbered, and the shown side. */
function setup() {
  let made = 0;
  const ctx = { fillRect: vi.fn() };
  class FakeOffscreenCanvas {
    constructor(
      public width: number,
      public height: number,
    ) {}
    getContext = () => ctx;
    transferToImageBitmap = () => ({ bitmap: ++made, width: this.width, height: this.height });
  }
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  const shown = { transferFromImageBitmap: vi.fn() };
  const element = document.createElement('canvas');
  const getContext = vi.fn(() => shown);
  element.getContext = getContext as unknown as HTMLCanvasElement['getContext'];
  return { ctx, shown, element, getContext, bitmap: new BitmapCanvas(element) };
}

afterEach(() => vi.unstubAllGlobals());

describe('BitmapCanvas', () => {
  it('shows each new picture as a new bitmap, and nothing between draws', () => {
    const { ctx, shown, bitmap } = setup();
    expect(bitmap.draw(144, 36, (c) => c.fillRect(0, 0, 1, 1))).toBe(true);
    expect(ctx.fillRect).toHaveBeenCalledTimes(1);
    expect(shown.transferFromImageBitmap).toHaveBeenCalledTimes(1);
    expect(shown.transferFromImageBitmap).toHaveBeenLastCalledWith({
      bitmap: 1,
      width: 144,
      height: 36,
    });
    bitmap.draw(144, 36, (c) => c.fillRect(0, 0, 2, 2));
    expect(shown.transferFromImageBitmap).toHaveBeenCalledTimes(2);
    expect(shown.transferFromImageBitmap).toHaveBeenLastCalledWith(
      expect.objectContaining({ bitmap: 2 }),
    );
  });

  it('sizes the picture and the canvas in device pixels, the contexts taken once', () => {
    const { shown, element, getContext, bitmap } = setup();
    bitmap.draw(72, 18, () => undefined);
    bitmap.draw(144, 36, () => undefined);
    expect([element.width, element.height]).toEqual([144, 36]);
    expect(shown.transferFromImageBitmap).toHaveBeenLastCalledWith(
      expect.objectContaining({ width: 144, height: 36 }),
    );
    expect(getContext).toHaveBeenCalledTimes(1);
    expect(getContext).toHaveBeenCalledWith('bitmaprenderer');
  });

  it('draws nothing when the browser gives no bitmap context', () => {
    const { element, getContext, bitmap } = setup();
    getContext.mockReturnValue(null as never);
    const paint = vi.fn();
    expect(bitmap.draw(72, 18, paint)).toBe(false);
    expect(paint).not.toHaveBeenCalled();
    expect(element.width).toBe(300); // the canvas default: untouched
  });
});
