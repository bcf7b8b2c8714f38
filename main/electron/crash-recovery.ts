/**
 * What the window does when its page process dies: reload the page on its own once, with a
 * notice, and from the second time on ask the user whether to reload or quit. The engine and any
 * recording live in the main process, so they keep running throughout. Electron-free: index.ts
 * supplies the reload, the dialog and the quit.
 */
import type { Notice } from '../../protocol/ipc';

/** `render-process-gone`'s reasons, in words for the notice and the dialog. */
function inWords(reason: string): string {
  switch (reason) {
    case 'oom':
      return 'ran out of memory';
    case 'killed':
      return 'was stopped by the system';
    case 'crashed':
      return 'crashed';
    default:
      return `stopped (${reason})`;
  }
}

export interface CrashRecoveryActions {
  reload(): void;
  /** Asks the user; resolves with their choice. */
  ask(message: string, detail: string): Promise<'reload' | 'quit'>;
  quit(): void;
  /** A notice for the reloaded page. */
  notify(notice: Notice): void;
}

/** Returns the handler for one window's `render-process-gone` reasons. */
export function crashRecovery(actions: CrashRecoveryActions): (reason: string) => Promise<void> {
  let crashes = 0;
  return async (reason) => {
    crashes += 1;
    const what = `The dashboard ${inWords(reason)}`;
    if (crashes === 1) {
      actions.notify({
        level: 'warning',
        message: `${what} and was reloaded. The feed and any recording kept running.`,
      });
      actions.reload();
      return;
    }
    const choice = await actions.ask(
      `${what} again.`,
      'The feed and any recording are still running. Reload the dashboard, or quit Tickdeck ' +
        '(a recording in progress is saved first).',
    );
    if (choice === 'reload') actions.reload();
    else actions.quit();
  };
}
