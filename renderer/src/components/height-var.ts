/**
 * A Svelte action that keeps a CSS custom property on the document root at the element's
 * height, e.g. `use:heightVar={'--top-bar-height'}`: what is laid over the page (the alert
 * toasts) reads how far down the bars reach, however many rows they wrap to, rather than
 * guessing one row. The property goes when the element does.
 */
export function heightVar(node: HTMLElement, name: string): { destroy(): void } {
  const root = document.documentElement.style;
  if (typeof ResizeObserver !== 'function') return { destroy() {} };
  const observer = new ResizeObserver(() => root.setProperty(name, `${node.offsetHeight}px`));
  observer.observe(node);
  return {
    destroy() {
      observer.disconnect();
      root.removeProperty(name);
    },
  };
}
