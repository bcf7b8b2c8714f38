/**
 * Reads what a chart plotted, for the display-truth specs. `CANVAS_RECORDER`, installed in the
 * page before its scripts run (`page.addInitScript`), keeps for every canvas the last frame's
 * stroked paths and drawn text, in device pixels (each point through the transform in force
 * when it was drawn). Chart.js strokes its line from a Path2D, so Path2D points are kept too
 * and placed when the path is stroked. A frame starts when the whole canvas is cleared.
 */
import type { Page } from 'playwright-core';

/** A chart's data line and its price axis, in device pixels. */
export interface PlottedLine {
  /** The longest stroked path of the last frame: the data line, left to right. */
  readonly points: readonly (readonly [number, number])[];
  /** Axis value at canvas row `y`, from the numeric tick labels. */
  readonly priceAt: (y: number) => number;
  /** Axis value per device pixel down the canvas (negative: higher values higher up). */
  readonly pricePerPx: number;
}

interface RecordedFrame {
  paths: [number, number][][];
  texts: { text: string; x: number; y: number }[];
}

/** Page-side recorder; self-contained, it is serialised into the page. */
export function CANVAS_RECORDER(): void {
  type Point = [number, number];
  const frames = new WeakMap<HTMLCanvasElement, RecordedFrame>();
  const open = new WeakMap<object, { points: Point[]; device: boolean }>();
  const frameOf = (canvas: HTMLCanvasElement) => {
    let frame = frames.get(canvas);
    if (!frame) frames.set(canvas, (frame = { paths: [], texts: [] }));
    return frame;
  };
  const toDevice = (ctx: CanvasRenderingContext2D, x: number, y: number): Point => {
    const p = ctx.getTransform().transformPoint({ x, y });
    return [p.x, p.y];
  };
  const C = CanvasRenderingContext2D.prototype;
  const P = Path2D.prototype;
  const wrap = <T extends object>(
    proto: T,
    name: string,
    before: (self: never, args: never) => void,
  ) => {
    const original = (proto as Record<string, (...args: unknown[]) => unknown>)[name]!;
    (proto as Record<string, unknown>)[name] = function (this: never, ...args: never[]) {
      before(this, args as never);
      return original.apply(this, args);
    };
  };
  wrap(C, 'clearRect', (ctx: CanvasRenderingContext2D, [x, y, w, h]: number[]) => {
    const m = ctx.getTransform();
    if (x! <= 0 && y! <= 0 && w! * m.a >= ctx.canvas.width && h! * m.d >= ctx.canvas.height)
      frames.set(ctx.canvas, { paths: [], texts: [] });
  });
  wrap(C, 'beginPath', (ctx: CanvasRenderingContext2D) =>
    open.set(ctx, { points: [], device: true }),
  );
  for (const name of ['moveTo', 'lineTo']) {
    wrap(C, name, (ctx: CanvasRenderingContext2D, [x, y]: number[]) =>
      open.get(ctx)?.points.push(toDevice(ctx, x!, y!)),
    );
    wrap(P, name, (path: Path2D, [x, y]: number[]) => {
      if (!open.has(path)) open.set(path, { points: [], device: false });
      open.get(path)!.points.push([x!, y!]);
    });
  }
  wrap(C, 'stroke', (ctx: CanvasRenderingContext2D, [path]: Path2D[]) => {
    const recorded = path ? open.get(path) : open.get(ctx);
    if (!recorded) return;
    const points = recorded.device
      ? recorded.points
      : recorded.points.map(([x, y]) => toDevice(ctx, x, y));
    frameOf(ctx.canvas).paths.push(points);
  });
  wrap(C, 'fillText', (ctx: CanvasRenderingContext2D, [text, x, y]: [string, number?, number?]) => {
    const [dx, dy] = toDevice(ctx, x!, y!);
    frameOf(ctx.canvas).texts.push({ text: String(text), x: dx, y: dy });
  });
  (
    window as unknown as { __canvasFrame: (c: HTMLCanvasElement) => RecordedFrame | undefined }
  ).__canvasFrame = (canvas) => frames.get(canvas);
}

/** The last frame recorded of the chart in `[data-testid=testId]` (the first one's canvas). */
function lastFrame(page: Page, testId: string): Promise<RecordedFrame | undefined> {
  return page
    .getByTestId(testId)
    .first()
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement) =>
      (
        window as unknown as { __canvasFrame: (c: HTMLCanvasElement) => RecordedFrame | undefined }
      ).__canvasFrame(canvas),
    );
}

/**
 * The data line of the chart in `[data-testid=testId]` (the first one) and its value axis; null
 * while the chart has drawn no line of at least two points or fewer than two numeric labels.
 */
export async function readPlottedLine(page: Page, testId: string): Promise<PlottedLine | null> {
  const frame = await lastFrame(page, testId);
  if (!frame) return null;
  const line = frame.paths.reduce<[number, number][]>(
    (longest, path) => (path.length > longest.length ? path : longest),
    [],
  );
  // Value labels are plain numbers; time labels carry a colon.
  const labels = frame.texts
    .filter(({ text }) => /^-?[\d,]+(\.\d+)?$/.test(text.trim()))
    .map(({ text, y }) => ({ value: Number(text.replace(/,/g, '')), y }))
    .sort((a, b) => a.y - b.y);
  if (line.length < 2 || labels.length < 2) return null;
  const top = labels[0]!;
  const bottom = labels.at(-1)!;
  if (bottom.y === top.y) return null;
  const pricePerPx = (bottom.value - top.value) / (bottom.y - top.y);
  return { points: line, pricePerPx, priceAt: (y) => top.value + (y - top.y) * pricePerPx };
}

/** The texts the last frame of the chart in `[data-testid=testId]` (the first one) wrote. */
export async function readDrawnTexts(page: Page, testId: string): Promise<string[]> {
  const frame = await lastFrame(page, testId);
  return frame?.texts.map((t) => t.text) ?? [];
}
