/**
 * Parsing of what a dashboard page sends its host outside commands: the batch acknowledgement
 * and the interest declaration (Electron's batch port, the browser-mode socket; see
 * `./interest`) and the browser-mode socket's messages.
 * Both hosts call these, so a page is held to one rule whichever host serves it. Command
 * channels and arguments are checked later, by the app host (see `./commands`).
 */
import type { InterestMessage } from './interest';
import { readInterest } from './interest';
import type { BatchAck } from './ipc';
import type { WebClientMessage } from './web';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a batch acknowledgement; null when `value` is not `{type: 'ack', seq: <integer>}`. */
export function readBatchAck(value: unknown): BatchAck | null {
  if (!isRecord(value) || value.type !== 'ack' || !Number.isSafeInteger(value.seq)) return null;
  return { type: 'ack', seq: value.seq as number };
}

/**
 * Reads what a page posts on its batch path: an acknowledgement or an interest declaration;
 * null for anything else, an interest that fails its checks included (see {@link readInterest}).
 */
export function readBatchPathMessage(value: unknown): BatchAck | InterestMessage | null {
  if (isRecord(value) && value.type === 'interest') {
    const interest = readInterest(value);
    return interest.ok ? interest.value : null;
  }
  return readBatchAck(value);
}

/** Parses one browser-mode page message; null when it is not a well-formed {@link WebClientMessage}. */
export function parseClientMessage(text: string): WebClientMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(v)) return null;
  if (v.type === 'ack' || v.type === 'interest') return readBatchPathMessage(v);
  if (
    v.type === 'invoke' &&
    Number.isSafeInteger(v.id) &&
    typeof v.channel === 'string' &&
    Array.isArray(v.args)
  ) {
    return v as unknown as WebClientMessage;
  }
  return null;
}
