/** A canvas whose 2D context takes every call, for Chart.js in jsdom (which has no canvas). */
export function fakeCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  const ctx: object = new Proxy(
    { canvas, measureText: () => ({ width: 10 }) },
    { get: (t, k) => (k in t ? t[k as keyof typeof t] : () => {}) },
  );
  canvas.getContext = (() => ctx) as unknown as HTMLCanvasElement['getContext'];
  return canvas;
}
