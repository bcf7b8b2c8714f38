/** How the page names and words a fired alert, in the toasts, the log and notifications. */
import type { AlertEvent } from '../../../protocol/alerts';
import { alertValueWords } from '../../../protocol/alert-value-words';

/** Alert ids restart with the engine; with the firing time they name one log entry. */
export function alertKey(event: AlertEvent): string {
  return `${event.firedAt}:${event.id}`;
}

/** The words a toast, log line or notification shows: rule, value, and replay if it is one. */
export function alertSummary(event: AlertEvent): string {
  const words = alertValueWords(event);
  const at = words === '' ? '' : ` ${words}`;
  return `${event.text}${at}${event.replayPosition === null ? '' : ' (replay)'}`;
}
