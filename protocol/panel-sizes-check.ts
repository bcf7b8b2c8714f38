/** Checks the `panels` setting: each panel's size in px (or null) and whether it is folded. */
import { isObj } from './plain-object';
import { DEFAULT_SETTINGS } from './settings';
import { MAX_PANEL_PX, type PanelSizes } from './panel-sizes';

const KEYS = Object.keys(DEFAULT_SETTINGS.panels) as (keyof PanelSizes)[];

function checkPanelField(key: keyof PanelSizes, v: unknown): string | null {
  if (key.endsWith('Folded'))
    return typeof v === 'boolean' ? null : `panels.${key}: expected true or false`;
  return v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_PANEL_PX)
    ? null
    : `panels.${key}: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`;
}

/** Null when `v` holds exactly the known panels with valid sizes, else a message naming one. */
export function checkPanelSizes(v: unknown): string | null {
  if (!isObj(v)) return 'panels: expected an object';
  const extra = Object.keys(v).find((k) => !(KEYS as string[]).includes(k));
  if (extra !== undefined) return `panels: unknown field "${extra}"`;
  for (const key of KEYS) {
    const error = checkPanelField(key, v[key]);
    if (error) return error;
  }
  return null;
}

/**
 * Reads `panels` from a file field by field, as `readSettings` reads the settings: a bad field
 * falls back to its default and is reported by name, an unknown one is reported and ignored, a
 * missing one takes its default, and the good ones are kept.
 */
export function readPanelSizes(v: unknown): {
  readonly panels: PanelSizes;
  readonly problems: readonly string[];
} {
  if (!isObj(v))
    return { panels: DEFAULT_SETTINGS.panels, problems: ['panels: expected an object'] };
  const panels: Record<string, unknown> = { ...DEFAULT_SETTINGS.panels };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(v)) {
    if (!(KEYS as string[]).includes(key)) {
      problems.push(`panels: unknown field "${key}"`);
      continue;
    }
    const error = checkPanelField(key as keyof PanelSizes, value);
    if (error) problems.push(error);
    else panels[key] = value;
  }
  return { panels: panels as unknown as PanelSizes, problems };
}
