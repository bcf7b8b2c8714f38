import type { Obj } from './decode-fields';

/** True for an object that is neither null nor an array: what every reader of JSON checks first. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
