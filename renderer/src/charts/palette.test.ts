import { describe, expect, it } from 'vitest';
import css from '../app.css?raw';
import { PALETTES } from './palette';

/** `--name`'s value in the app.css rule whose selector ends with `selector`. */
function cssVariable(css: string, selector: string, name: string): string | undefined {
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    if (!selectors!.trim().endsWith(selector)) continue;
    const m = new RegExp(`${name}:\\s*([^;]+);`).exec(body!);
    if (m) return m[1]!.trim();
  }
  return undefined;
}

describe('PALETTES', () => {
  // The opaque charts paint `panel` under themselves: a colour other than the panel's own
  // would show each chart as a box of another shade.
  it.each(['dark', 'light'] as const)(
    "paints the %s theme's panel colour from app.css",
    (theme) => {
      expect(PALETTES[theme].panel).toBe(cssVariable(css, `[data-theme='${theme}']`, '--panel'));
    },
  );
});
