/**
 * The charts' tick font: Chart.js's default (register.ts) and the charts drawn without it (the
 * depth chart), which must not load Chart.js to know it.
 */
export const CHART_FONT = {
  family: 'ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, monospace',
  sizePx: 10,
} as const;
