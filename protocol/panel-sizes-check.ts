/** Checks the `panels` setting: each panel's size in px (or null) and whether it is folded. */
import { isObj } from './plain-object';
import { DEFAULT_SETTINGS } from './settings';
import { MAX_PANEL_PX } from './panel-sizes';

/** Null when `v` holds exactly the known panels with valid sizes, else a message naming one. */
export function checkPanelSizes(v: unknown): string | null {
  if (!isObj(v)) return 'panels: expected an object';
  const keys = Object.keys(DEFAULT_SETTINGS.panels);
  const extra = Object.keys(v).find((k) => !keys.includes(k));
  if (extra !== undefined) return `panels: unknown field "${extra}"`;
  for (const key of keys) {
    const size = v[key];
    if (key.endsWith('Folded')) {
      if (typeof size !== 'boolean') return `panels.${key}: expected true or false`;
    } else if (
      size !== null &&
      !(Number.isInteger(size) && (size as number) >= 0 && (size as number) <= MAX_PANEL_PX)
    ) {
      return `panels.${key}: expected null or a whole number of px from 0 to ${MAX_PANEL_PX}`;
    }
  }
  return null;
}
