/**
 * The only module that touches `ipcMain` (main/electron/ipc.test.ts fails the build otherwise). Typed
 * wrappers derive channel, argument and result types from the maps in protocol/ipc.ts; every
 * handler refuses senders other than our window's main frame showing our page, and validates
 * the payload before the host sees it.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { COMMAND_CHANNELS, validateCommandArgs } from '../../protocol/commands';
import type {
  CommandArgs,
  CommandChannel,
  CommandResult,
  HostEventChannel,
  HostEvents,
} from '../../protocol/ipc';
import { CommandSlots } from './command-slots';
import type { PopoutWindows } from './popout-windows';

/** How a command's outcome crosses IPC; the preload turns `ok: false` into a rejected promise. */
export type CommandReply<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/**
 * Who may talk to main: the contents of our windows (the main one and each pop-out) and the
 * URLs of the app's pages.
 */
export interface TrustedSender {
  contents(): readonly WebContents[];
  isAppUrl(url: string): boolean;
}

/**
 * True when `event` comes from the main frame (not an iframe) of one of our windows, showing
 * one of our pages. Electron's checklist item 17: https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: TrustedSender): boolean {
  const contents = trusted.contents().find((c) => c === event.sender);
  const frame = event.senderFrame;
  if (!contents || !frame) return false;
  const main = contents.mainFrame;
  return (
    frame.processId === main.processId &&
    frame.frameToken === main.frameToken &&
    trusted.isAppUrl(frame.url)
  );
}

/**
 * Registers a typed `invoke` handler; arguments arrive already validated, and each window's
 * commands run a bounded number at a time (./command-slots).
 */
function handleIn<C extends CommandChannel>(
  channel: C,
  trusted: TrustedSender,
  slots: CommandSlots,
  handler: (...args: CommandArgs<C>) => Promise<CommandReply<CommandResult<C>>>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]): Promise<CommandReply> => {
    if (!isTrustedSender(event, trusted)) {
      console.warn(
        `[security] ignored ${channel} from an untrusted sender (${event.senderFrame?.url})`,
      );
      return { ok: false, error: `${channel}: refused, unknown sender` };
    }
    const checked = validateCommandArgs(channel, args);
    if (!checked.ok) return checked;
    try {
      return await slots.run(event.sender.id, () => handler(...checked.value));
    } catch (err) {
      return { ok: false, error: `${channel}: ${(err as Error).message}` };
    }
  });
}

/**
 * What the handlers forward to: the app host, main's own dialogs for the `*-choose` commands,
 * and the pop-out windows for `window:*`.
 */
export interface CommandTarget {
  invoke(channel: CommandChannel, args: readonly unknown[]): Promise<CommandReply>;
  chooseReplay(): Promise<CommandReply<CommandResult<'replay:choose'>>>;
  /** Main's save dialog for `workspace:export-choose`. */
  exportWorkspace(name: string): Promise<CommandReply<CommandResult<'workspace:export-choose'>>>;
  /** Main's open dialog for `workspace:import-choose`. */
  importWorkspace(): Promise<CommandReply<CommandResult<'workspace:import-choose'>>>;
  /** The pop-out windows, for `window:*`. */
  windows: Pick<PopoutWindows, 'popOut' | 'dock' | 'panels'>;
}

/** Registers a handler for every command; returns a function that removes them all. */
export function registerCommandHandlers(target: CommandTarget, trusted: TrustedSender): () => void {
  const slots = new CommandSlots();
  const handle = <C extends CommandChannel>(
    channel: C,
    handler: (...args: CommandArgs<C>) => Promise<CommandReply<CommandResult<C>>>,
  ) => handleIn(channel, trusted, slots, handler);
  for (const channel of COMMAND_CHANNELS) {
    if (channel === 'replay:choose') {
      handle(channel, () => target.chooseReplay());
    } else if (channel === 'workspace:export-choose') {
      handle(channel, (name) => target.exportWorkspace(name));
    } else if (channel === 'workspace:import-choose') {
      handle(channel, () => target.importWorkspace());
    } else if (channel === 'window:popout') {
      handle(channel, async (panel) => ({
        ok: true,
        value: target.windows.popOut(panel),
      }));
    } else if (channel === 'window:dock') {
      handle(channel, async (panel) => ({ ok: true, value: target.windows.dock(panel) }));
    } else if (channel === 'window:list') {
      handle(channel, async () => ({ ok: true, value: target.windows.panels() }));
    } else if (channel === 'window:tabs') {
      // Main saves where its windows are; a page must not write the places it reopens them at.
      handle(channel, async () => ({
        ok: false,
        error: 'window:tabs: the desktop app saves its windows itself',
      }));
    } else {
      // The host validates again and owns the result types; its replies are typed by channel.
      handle(channel, (...args) => target.invoke(channel, args) as never);
    }
  }
  return () => COMMAND_CHANNELS.forEach((channel) => ipcMain.removeHandler(channel));
}

/** Sends a typed host event to the page, unless the page is gone. */
export function sendHostEvent<E extends HostEventChannel>(
  contents: WebContents,
  channel: E,
  payload: HostEvents[E],
): void {
  if (!contents.isDestroyed()) contents.send(channel, payload);
}
