/// <reference lib="dom" />
/**
 * The bench pages' chart layout: a `.grid` appended to the page's body with `n` `.cell`s, each
 * holding a canvas (the pages' HTML styles both), for the dashboard and chart benches.
 */
export function canvasGrid(n: number): HTMLCanvasElement[] {
  const grid = document.createElement('div');
  grid.className = 'grid';
  document.body.append(grid);
  return Array.from({ length: n }, () => {
    const cell = document.createElement('div');
    cell.className = 'cell';
    const canvas = document.createElement('canvas');
    cell.append(canvas);
    grid.append(cell);
    return canvas;
  });
}
