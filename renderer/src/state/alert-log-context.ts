/**
 * The alert log, handed down the component tree as a Svelte context: the price charts mark
 * fired alerts without every panel between the app and them passing the log along.
 */
import { getContext, setContext } from 'svelte';
import type { AlertEvent } from '../../../protocol/alerts';

const KEY = Symbol('alert log');

/** Gives the components below the caller the log (newest first); call during initialisation. */
export function provideAlertLog(log: () => readonly AlertEvent[]): void {
  setContext(KEY, log);
}

/** The log a component above provided; an empty one where none did (a chart mounted alone). */
export function alertLogFromContext(): () => readonly AlertEvent[] {
  return getContext<(() => readonly AlertEvent[]) | undefined>(KEY) ?? (() => []);
}
