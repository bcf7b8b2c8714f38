/**
 * A 2D context that records what is drawn, for tests of canvas-drawn lists (jsdom has no
 * canvas): each text and rectangle with the fill, font, alignment and opacity it was drawn in,
 * since the last draw began (see setTransform).
 */

import type { RowStyle } from '../renderer/src/components/canvas-rows';

/** A style for the lists' draws whose colours and fonts read as their names in what is recorded. */
export const RECORDED_STYLE: RowStyle = {
  font: '400 11px sans',
  boldFont: '700 11px sans',
  panel: 'panel',
  text: 'text',
  muted: 'muted',
  border: 'border',
  up: 'up',
  down: 'down',
  upFlash: 'up-flash',
  downFlash: 'down-flash',
};

/** Width of every character, px: measureText's answer. */
export const RECORDED_CHAR_PX = 6;

export interface DrawnText {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly fill: string;
  readonly font: string;
  readonly align: CanvasTextAlign;
  /** The width the text was squeezed into, if fillText was given one. */
  readonly maxWidth?: number;
}

export interface DrawnRect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill: string;
  readonly alpha: number;
}

export class RecordingContext {
  texts: DrawnText[] = [];
  rects: DrawnRect[] = [];
  transforms: number[][] = [];
  fillStyle = '';
  font = '';
  textAlign: CanvasTextAlign = 'start';
  textBaseline: CanvasTextBaseline = 'alphabetic';
  globalAlpha = 1;

  /** Each draw begins here (fitCanvas): what was drawn before is forgotten. */
  setTransform(...m: number[]): void {
    this.clear();
    this.transforms.push(m);
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    this.rects.push({ x, y, w, h, fill: this.fillStyle, alpha: this.globalAlpha });
  }

  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    const align = this.textAlign;
    this.texts.push({ text, x, y, fill: this.fillStyle, font: this.font, align, maxWidth });
  }

  measureText(text: string): { width: number } {
    return { width: text.length * RECORDED_CHAR_PX };
  }

  /** Forgets what was drawn so far. */
  clear(): void {
    this.texts = [];
    this.rects = [];
  }

  /** The texts drawn, top to bottom and then left to right. */
  textsInOrder(): string[] {
    return [...this.texts].sort((a, b) => a.y - b.y || a.x - b.x).map((t) => t.text);
  }

  /** As a canvas's 2D context, for the code under test. */
  as2d(): CanvasRenderingContext2D {
    return this as unknown as CanvasRenderingContext2D;
  }
}

/**
 * Makes every canvas's `getContext('2d')` answer with a recording context of its own, and
 * gives each element a layout size (jsdom lays nothing out). Returns the context a canvas
 * drew into, and the restore.
 */
export function recordCanvases(size: { widthPx: number; heightPx: number }): {
  contextOf(canvas: HTMLCanvasElement): RecordingContext;
  restore(): void;
} {
  const contexts = new WeakMap<HTMLCanvasElement, RecordingContext>();
  const proto = HTMLCanvasElement.prototype;
  const getContext = Object.getOwnPropertyDescriptor(proto, 'getContext')!;
  const width = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth');
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  Object.defineProperty(proto, 'getContext', {
    configurable: true,
    value(this: HTMLCanvasElement) {
      let ctx = contexts.get(this);
      if (!ctx) contexts.set(this, (ctx = new RecordingContext()));
      return ctx;
    },
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => size.widthPx,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => size.heightPx,
  });
  return {
    contextOf(canvas) {
      const ctx = contexts.get(canvas);
      if (!ctx) throw new Error('this canvas never asked for a 2D context');
      return ctx;
    },
    restore() {
      Object.defineProperty(proto, 'getContext', getContext);
      // jsdom defines them on Element: ours, on HTMLElement, are simply taken away again.
      if (width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', width);
      else Reflect.deleteProperty(HTMLElement.prototype, 'clientWidth');
      if (height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', height);
      else Reflect.deleteProperty(HTMLElement.prototype, 'clientHeight');
    },
  };
}
