/**
 * What a window does when its page process dies. The main window reloads the page on its own
 * once, with a notice, and from the second time on asks the user whether to reload or quit; a
 * pop-out reloads once and then docks. The engine and any recording live in the main process,
 * so they keep running throughout. Electron-free: main-window.ts and popout-windows.ts supply
 * the reload, the dialog, the quit and the dock.
 */
import type { Notice } from '../../protocol/ipc';
import type { PanelRoute } from '../../protocol/panel-route';
import { panelTitle } from '../../protocol/panel-route';

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

/**
 * Returns the handler for a pop-out's page dying: reloaded once by itself, with a notice; dying
 * again, its panel is docked in the main window, never reloaded in a loop nor left blank.
 */
export function popoutCrashRecovery(
  panel: PanelRoute,
  actions: Pick<CrashRecoveryActions, 'reload' | 'notify'> & { dock(): void },
): (reason: string) => void {
  let crashes = 0;
  return (reason) => {
    const what = `The popped-out ${panelTitle(panel)} ${inWords(reason)}`;
    if (++crashes === 1) {
      actions.reload();
      actions.notify({ level: 'warning', message: `${what} and was reloaded.` });
    } else {
      actions.dock();
      actions.notify({ level: 'warning', message: `${what} again and was docked here.` });
    }
  };
}
