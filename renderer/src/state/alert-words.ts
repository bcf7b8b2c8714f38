/** How the page names and words a fired alert, in the toasts, the log and notifications. */
import type { AlertEvent } from '../../../protocol/alerts';
import { alertValueWords } from '../../../protocol/alert-value-words';
import { formatReplayTime } from './replay-view';

/** Alert ids restart with the engine; with the firing time they name one log entry. */
export function alertKey(event: AlertEvent): string {
  return `${event.firedAt}:${event.id}`;
}

/**
 * The words a toast, log line or notification shows: rule, value, and for a replay's alert the
 * recorded time it fired at (bug 172: the log's time is when it was replayed, which says
 * nothing of where in the recording to look).
 */
export function alertSummary(event: AlertEvent): string {
  const words = alertValueWords(event);
  const at = words === '' ? '' : ` ${words}`;
  const replay =
    event.replayPosition === null ? '' : ` (replay at ${formatReplayTime(event.replayPosition)})`;
  return `${event.text}${at}${replay}`;
}
