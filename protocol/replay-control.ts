/** The replay transport's controls, as the page sends them, and their check. */
import { isObj } from './plain-object';

/** Replay transport controls. */
export type ReplayControl =
  | { readonly action: 'play' }
  | { readonly action: 'pause' }
  | { readonly action: 'step' }
  | { readonly action: 'seek'; readonly to: number }
  | { readonly action: 'speed'; readonly speed: number }
  | { readonly action: 'loop'; readonly loop: boolean }
  | { readonly action: 'range'; readonly from: number; readonly to: number };

/** Checks one control; null when it is valid, else a message naming the field. */
export function checkReplayControl(v: unknown): string | null {
  if (!isObj(v)) return 'control: expected an object';
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  switch (v.action) {
    case 'play':
    case 'pause':
    case 'step':
      return null;
    case 'seek':
      return finite(v.to) ? null : 'control.to: expected a time in epoch ms';
    case 'speed':
      return finite(v.speed) &&
        ((v.speed as number) === 0 || ((v.speed as number) >= 0.25 && (v.speed as number) <= 100))
        ? null
        : 'control.speed: expected 0 (as fast as possible) or 0.25 to 100';
    case 'loop':
      return typeof v.loop === 'boolean' ? null : 'control.loop: expected true or false';
    case 'range':
      return finite(v.from) && finite(v.to) && (v.from as number) <= (v.to as number)
        ? null
        : 'control: expected from <= to, in epoch ms';
    default:
      return `control.action: unknown action ${JSON.stringify(v.action)}`;
  }
}
