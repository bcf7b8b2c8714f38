/**
 * The page's alert commands to the host: save, delete, clear the log, export it. Each reports
 * its failure (or, done, that there is none) for the panel to show. What a command changed
 * reaches every page, this one too, as an `alert:states` change (alerts.svelte.ts applies it).
 */
import type { AlertRule } from '../../../protocol/alerts';
import type { TickdeckApi } from '../../../protocol/ipc';

export interface AlertCommands {
  save(rule: AlertRule): Promise<void>;
  remove(id: string): Promise<void>;
  clearLog(): Promise<void>;
  /** The log as CSV text from the host; null (its failure reported) when that failed. */
  csv(): Promise<string | null>;
}

/** `report` hears a command's failure, or null once one succeeded. */
export function alertCommands(
  api: Pick<TickdeckApi, 'invoke'>,
  report: (error: string | null) => void,
): AlertCommands {
  const run = (command: Promise<unknown>): Promise<void> =>
    command.then(
      () => report(null),
      (err: unknown) => report((err as Error).message),
    );
  return {
    save: (rule) => run(api.invoke('alerts:save', rule)),
    remove: (id) => run(api.invoke('alerts:delete', id)),
    clearLog: () => run(api.invoke('alerts:clear-log')),
    async csv() {
      try {
        return await api.invoke('alerts:export-csv');
      } catch (err) {
        report(`Export failed: ${(err as Error).message}`);
        return null;
      }
    },
  };
}
