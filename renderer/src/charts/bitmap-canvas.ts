/**
 * A small canvas drawn off screen and shown as a bitmap. At every commit Chromium hands the
 * compositor every 2D canvas of the page that holds a picture, redrawn or not (the main page
 * had 39, each commit); a `bitmaprenderer` canvas is handed over only when it is given a new
 * bitmap. So a canvas whose picture changes seldom (a watchlist sparkline, once a second at
 * most) costs the commits between its draws nothing (docs/PERFORMANCE.md, "The main page's
 * unchanged canvases not handed over again").
 */
export class BitmapCanvas {
  private shown: ImageBitmapRenderingContext | null = null;
  private scratch: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  constructor(readonly element: HTMLCanvasElement) {}

  /**
   * Draws `paint` on a blank picture of `width` × `height` device pixels and shows it; false
   * when the browser gives no bitmap context (the canvas then keeps what it showed). The 2D
   * context keeps its state (transform, styles) from one draw to the next, as a canvas's does.
   */
  draw(
    width: number,
    height: number,
    paint: (ctx: OffscreenCanvasRenderingContext2D) => void,
  ): boolean {
    const ctx = this.context(width, height);
    if (!ctx || !this.scratch || !this.shown) return false;
    if (this.element.width !== width) this.element.width = width;
    if (this.element.height !== height) this.element.height = height;
    paint(ctx);
    // The scratch canvas starts blank again; the shown canvas holds the bitmap until the next.
    this.shown.transferFromImageBitmap(this.scratch.transferToImageBitmap());
    return true;
  }

  private context(width: number, height: number): OffscreenCanvasRenderingContext2D | null {
    this.shown ??= this.element.getContext('bitmaprenderer');
    if (!this.shown) return null;
    if (!this.scratch) {
      this.scratch = new OffscreenCanvas(width, height);
      this.ctx = this.scratch.getContext('2d');
    }
    if (this.scratch.width !== width) this.scratch.width = width;
    if (this.scratch.height !== height) this.scratch.height = height;
    return this.ctx;
  }
}
