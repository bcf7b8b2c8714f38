/**
 * What the canvas-drawn lists (the depth ladder, the trade tape) share: the font and theme
 * colours read from the page's CSS, so the canvas follows the stylesheet and the theme switch
 * as the DOM rows did, and a backing store sized for the screen's pixel ratio, so the text is
 * as crisp as the DOM's.
 */

/**
 * How often a canvas list's text equivalent (its rows as transparent text, for screen readers
 * and the e2e specs) is rewritten, ms: rewriting it every batch is the DOM work the canvas saves.
 */
export const TEXT_INTERVAL_MS = 1_000;

/** The font and colours a canvas list draws with, read from its element's computed style. */
export interface RowStyle {
  readonly font: string;
  readonly boldFont: string;
  readonly panel: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly up: string;
  readonly down: string;
  readonly upFlash: string;
  readonly downFlash: string;
}

/** The style of `el` now: its own font, and the theme's colours (app.css's variables). */
export function readRowStyle(el: Element): RowStyle {
  const css = getComputedStyle(el);
  const colour = (name: string) => css.getPropertyValue(name).trim();
  const font = (weight: string) => `${css.fontStyle} ${weight} ${css.fontSize} ${css.fontFamily}`;
  return {
    font: font(css.fontWeight),
    boldFont: font('700'),
    panel: colour('--panel'),
    text: colour('--text'),
    muted: colour('--muted'),
    border: colour('--border'),
    up: colour('--up'),
    down: colour('--down'),
    upFlash: colour('--up-flash'),
    downFlash: colour('--down-flash'),
  };
}

/**
 * Calls `onchange` with the style of `el` now and again whenever the theme changes (App sets
 * `data-theme` on the root). Read on a change only, not every draw: reading a computed style
 * while the page's style is dirty would force a style pass in the middle of the frame.
 * Returns the unsubscribe.
 */
export function watchRowStyle(el: Element, onchange: (style: RowStyle) => void): () => void {
  onchange(readRowStyle(el));
  const observer = new MutationObserver(() => onchange(readRowStyle(el)));
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
  return () => observer.disconnect();
}

/** The screen's pixel ratio now (1 where the browser gives none). */
export function pixelRatio(): number {
  return window.devicePixelRatio || 1;
}

/**
 * Calls `onchange` with the screen's pixel ratio whenever it changes (the window moved to a
 * screen of another density, or the page zoomed), so a canvas that is not redrawing (a paused
 * tape) is redrawn sharp on the new screen. Returns the unsubscribe.
 */
export function watchPixelRatio(onchange: (ratio: number) => void): () => void {
  let query: MediaQueryList | null = null;
  const listen = () => {
    query?.removeEventListener('change', changed);
    // A media query matches one ratio: a new one is asked for after each change.
    query = window.matchMedia(`(resolution: ${pixelRatio()}dppx)`);
    query.addEventListener('change', changed);
  };
  const changed = () => {
    listen();
    onchange(pixelRatio());
  };
  if (typeof window.matchMedia !== 'function') return () => {};
  listen();
  return () => query?.removeEventListener('change', changed);
}

/**
 * The 2D context of `canvas`, its backing store resized to `widthPx` × `heightPx` CSS pixels
 * at pixel ratio `ratio` ({@link pixelRatio}) and scaled so drawing is in CSS pixels; null
 * when the browser gives no context. Opaque: text drawn over the filled background keeps the
 * DOM's anti-aliasing rather than a transparent canvas's greyscale.
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  widthPx: number,
  heightPx: number,
  ratio: number,
): CanvasRenderingContext2D | null {
  const width = Math.round(widthPx * ratio);
  const height = Math.round(heightPx * ratio);
  // Setting a canvas's size clears it even when unchanged: only when it changed.
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: false });
  ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/**
 * Calls `onchange` with the client size of `el` (CSS px, inside its scroll bar) now and on
 * every resize. Where there is no ResizeObserver (a test's DOM) the size is read once.
 * Returns the unsubscribe.
 */
export function watchSize(
  el: HTMLElement,
  onchange: (widthPx: number, heightPx: number) => void,
): () => void {
  onchange(el.clientWidth, el.clientHeight);
  if (typeof ResizeObserver !== 'function') return () => {};
  const observer = new ResizeObserver(() => onchange(el.clientWidth, el.clientHeight));
  observer.observe(el);
  return () => observer.disconnect();
}
