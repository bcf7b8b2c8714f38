/** A JSON object whose fields are still unchecked. */
export type JsonObject = Record<string, unknown>;

/** True for an object that is neither null nor an array: what every reader of JSON checks first. */
export function isObj(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
